-- Health check ingest_lag: the age of the oldest acknowledged body not yet ingested, first in
-- webhook_inbox_waiting_idx. Warn above settings.health_max_inbox_lag_seconds, critical above
-- twice it.
create or replace function wahook_private.health_ingest_lag()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_at timestamptz;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select w.received_at
    into v_at
    from wahook_private.webhook_inbox as w
    where w.failed_at is null
    order by w.id
    limit 1;
    check_name := 'ingest_lag';
    value := coalesce(greatest(pg_catalog.round(extract(epoch from wahook_private.clock_now() - v_at), 1), 0), 0);
    threshold := v_settings.health_max_inbox_lag_seconds;
    status := wahook_private.health_status(value, threshold * 2, threshold);
    details := case
        when v_at is null then 'no acknowledged webhook body waits to be ingested'
        else pg_catalog.format(
            'the oldest acknowledged webhook body waiting to be ingested was received at %s', v_at
        )
    end;
    return next;
end
$$;

comment on function wahook_private.health_ingest_lag() is
'Health check ingest_lag: seconds since the oldest acknowledged body still waiting in the inbox was received (0 when none); warn above settings.health_max_inbox_lag_seconds, critical above twice it. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_ingest_lag() from public;
