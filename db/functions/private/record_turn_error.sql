-- A turn ended in an error (the agent failed, or the worker's lease expired): the session counts it
-- and the conversation shows it until a turn completes.
create or replace function wahook_private.record_turn_error(p_conversation_id bigint, p_error text)
returns void
language sql
set search_path = ''
as $$
    insert into wahook_private.agent_sessions as s (
        conversation_id, error_count, last_error, last_error_at, created_at, updated_at
    ) values (
        p_conversation_id, 1, p_error, wahook_private.clock_now(), wahook_private.clock_now(),
        wahook_private.clock_now()
    )
    on conflict (conversation_id) do update
    set error_count = s.error_count + 1,
        last_error = excluded.last_error,
        last_error_at = excluded.last_error_at,
        updated_at = excluded.updated_at;

    update wahook_private.webhook_conversations as c
    set last_error = p_error
    where c.conversation_id = p_conversation_id;
$$;

comment on function wahook_private.record_turn_error(bigint, text) is
'Counts an error of a turn in agent_sessions (error_count, last_error, last_error_at) and sets the conversation''s last_error.';

revoke all on function wahook_private.record_turn_error(bigint, text) from public;
