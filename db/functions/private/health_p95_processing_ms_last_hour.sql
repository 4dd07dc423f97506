-- Health check p95_processing_ms_last_hour: the 95th percentile of the turn time (claim to end) of
-- the turns that completed or failed in the last hour (agent_turns_finished_at_idx). Warn above
-- half of settings.health_max_p95_processing_ms, critical above it.
create or replace function wahook_private.health_p95_processing_ms_last_hour()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_now timestamptz := wahook_private.clock_now();
    v_number numeric;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select pg_catalog.round(
        extract(epoch from pg_catalog.percentile_cont(0.95) within group (order by t.finished_at - t.started_at))
        * 1000,
        1
    )
    into v_number
    from wahook_private.agent_turns as t
    where t.status in ('completed', 'failed') and t.finished_at >= v_now - interval '1 hour' and t.finished_at <= v_now;
    check_name := 'p95_processing_ms_last_hour';
    value := v_number;
    threshold := v_settings.health_max_p95_processing_ms;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_number is null then 'no agent turn completed or failed in the last hour'
        else '95% of the turns of the last hour took at most this long, claim to end (ms)'
    end;
    return next;
end
$$;

comment on function wahook_private.health_p95_processing_ms_last_hour() is
'Health check p95_processing_ms_last_hour: 95th percentile of finished_at - started_at (ms) of the turns completed or failed in the last hour, null without any; warn above half of settings.health_max_p95_processing_ms, critical above it. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_p95_processing_ms_last_hour() from public;
