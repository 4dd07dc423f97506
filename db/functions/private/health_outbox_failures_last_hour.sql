-- Health check outbox_failures_last_hour: replies that failed or went unknown in the last hour
-- (outbound_messages_failures_idx). Warn at one, critical above
-- settings.health_max_outbox_failures_per_hour.
create or replace function wahook_private.health_outbox_failures_last_hour()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_now timestamptz := wahook_private.clock_now();
    v_count bigint;
    v_failed bigint;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select
        pg_catalog.count(*),
        pg_catalog.count(*) filter (where o.status = 'failed')
    into v_count, v_failed
    from wahook_private.outbound_messages as o
    where o.status in ('failed', 'unknown') and o.updated_at >= v_now - interval '1 hour' and o.updated_at <= v_now;
    check_name := 'outbox_failures_last_hour';
    value := v_count;
    threshold := v_settings.health_max_outbox_failures_per_hour;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no reply failed or went unknown in the last hour'
        else pg_catalog.format(
            '%s reply(ies) in the last hour: %s failed, %s unknown (the send may or may not have happened)',
            v_count, v_failed, v_count - v_failed
        )
    end;
    return next;
end
$$;

comment on function wahook_private.health_outbox_failures_last_hour() is
'Health check outbox_failures_last_hour: replies failed or unknown with updated_at in the last hour; warn above 0, critical above settings.health_max_outbox_failures_per_hour. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_outbox_failures_last_hour() from public;
