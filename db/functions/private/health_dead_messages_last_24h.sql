-- Health check dead_messages_last_24h: DLQ entries that went dead in the last 24 hours. Warn at
-- one, critical above settings.health_max_dead_messages_per_day.
create or replace function wahook_private.health_dead_messages_last_24h()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_now timestamptz := wahook_private.clock_now();
    v_count bigint;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select pg_catalog.count(*)
    into v_count
    from wahook_private.webhook_dlq as q
    where q.status = 'dead' and q.dead_at >= v_now - interval '24 hours' and q.dead_at <= v_now;
    check_name := 'dead_messages_last_24h';
    value := v_count;
    threshold := v_settings.health_max_dead_messages_per_day;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no message went dead in the last 24 hours'
        else pg_catalog.format(
            '%s message(s) went dead in the last 24 hours and stay dead until replayed with wahook.replay_dlq',
            v_count
        )
    end;
    return next;
end
$$;

comment on function wahook_private.health_dead_messages_last_24h() is
'Health check dead_messages_last_24h: DLQ entries dead with dead_at in the last 24 hours; warn above 0, critical above settings.health_max_dead_messages_per_day. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_dead_messages_last_24h() from public;
