-- Health check agent_errors_last_hour: agent turns that failed in the last hour, by error code
-- (agent_turns_finished_at_idx). Some are normal: warn above half of
-- settings.health_max_errors_per_hour, critical above it.
create or replace function wahook_private.health_agent_errors_last_hour()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_now timestamptz := wahook_private.clock_now();
    v_count bigint;
    v_text text;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select
        coalesce(pg_catalog.sum(e.turns), 0),
        pg_catalog.string_agg(pg_catalog.format('%s: %s', e.error_code, e.turns), ', ' order by e.turns desc, e.error_code)
    into v_count, v_text
    from (
        select coalesce(t.error_code, 'unknown') as error_code, pg_catalog.count(*) as turns
        from wahook_private.agent_turns as t
        where t.status = 'failed' and t.finished_at >= v_now - interval '1 hour' and t.finished_at <= v_now
        group by 1
    ) as e;
    check_name := 'agent_errors_last_hour';
    value := v_count;
    threshold := v_settings.health_max_errors_per_hour;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_count = 0 then 'no agent turn failed in the last hour'
        else pg_catalog.format('%s agent turn(s) failed in the last hour, by error code: %s', v_count, v_text)
    end;
    return next;
end
$$;

comment on function wahook_private.health_agent_errors_last_hour() is
'Health check agent_errors_last_hour: agent turns failed with finished_at in the last hour, the details by error code; warn above half of settings.health_max_errors_per_hour, critical above it. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_agent_errors_last_hour() from public;
