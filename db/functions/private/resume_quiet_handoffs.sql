-- The quiet time of a handoff: a conversation paused by the agent's handoff or by a takeover that saw
-- no human activity (the pause, an echo, a human reply) for settings.handoff_quiet_minutes goes back
-- to the agent, as wahook.resume_conversation would resume it (waiting messages answered). Pauses by
-- an operator stay. Run by cleanup_stuck_conversations; rows another session holds are left to the
-- next run.
create or replace function wahook_private.resume_quiet_handoffs()
returns integer
language plpgsql set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_quiet integer;
    v_conversation_id bigint;
    v_count integer := 0;
begin
    select s.handoff_quiet_minutes into strict v_quiet from wahook_private.settings as s;
    if v_quiet is null then
        return 0;
    end if;

    for v_conversation_id in
        select c.conversation_id
        from wahook_private.conversation_handoffs as h
        inner join wahook_private.webhook_conversations as c on h.conversation_id = c.conversation_id
        where h.kind in ('handoff', 'takeover')
            and h.last_human_at <= v_now - pg_catalog.make_interval(mins => v_quiet)
            and c.state = 'paused'
        order by h.last_human_at
        for update of c skip locked
    loop
        perform wahook.resume_conversation(v_conversation_id, false, 'quiet time');
        v_count := v_count + 1;
    end loop;
    return v_count;
end
$$;

comment on function wahook_private.resume_quiet_handoffs() is
'Resumes (wahook.resume_conversation, actor ''quiet time'') every conversation paused by a handoff or a takeover whose latest human activity is settings.handoff_quiet_minutes old or older; does nothing when that setting is null. Conversations locked by another session are left to the next run. Returns how many were resumed.';
