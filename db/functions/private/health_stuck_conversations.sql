-- Health check stuck_conversations (wahook.check_webhook_system_health runs each check): the rows of
-- wahook_private.stuck_conversations, the one definition of stuck. Warn at one, critical above
-- settings.health_max_stuck_conversations; the details name the five stuck longest.
create or replace function wahook_private.health_stuck_conversations()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_count bigint;
    v_text text;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select
        pg_catalog.count(*),
        pg_catalog.string_agg(
            pg_catalog.format('%s (%s)', k.conversation_id, k.state), ', ' order by k.stuck_since
        ) filter (where k.rank <= 5)
    into v_count, v_text
    from (
        select s.conversation_id, s.state, s.stuck_since,
            pg_catalog.row_number() over (order by s.stuck_since) as rank
        from wahook_private.stuck_conversations as s
    ) as k;
    check_name := 'stuck_conversations';
    value := v_count;
    threshold := v_settings.health_max_stuck_conversations;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then pg_catalog.format(
            'no conversation ready but unclaimed, or with its lease expired, for over %s s',
            v_settings.health_stuck_after_seconds
        )
        else pg_catalog.format(
            '%s conversation(s) ready but unclaimed, or with the lease expired, for over %s s; longest first: %s',
            v_count, v_settings.health_stuck_after_seconds, v_text
        )
    end;
    return next;
end
$$;

comment on function wahook_private.health_stuck_conversations() is
'Health check stuck_conversations: the rows of wahook_private.stuck_conversations; warn above 0, critical above settings.health_max_stuck_conversations. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_stuck_conversations() from public;
