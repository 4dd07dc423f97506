-- Turns in flight given back unanswered, set-based (wahook.release_turn gives back one with it): nothing
-- failed, so no attempt is counted and nothing goes to the DLQ; the messages of each lease return
-- to pending and the turn is abandoned with p_error_code and p_reason. The conversations stay
-- processing under the (now empty) leases: the caller settles them (after changing the messages
-- further if it must), and the worker's completion, heartbeat or failure then finds its lease lost
-- (WH010). The caller holds the conversations' row locks and names each conversation once, with
-- its live lease token (and, optionally, the correlation id the abandoned turn's row takes).
create or replace function wahook_private.abandon_leased_turns(
    p_conversation_ids bigint [],
    p_lease_tokens bigint [],
    p_error_code text,
    p_reason text,
    p_correlation_ids text [] default null
)
returns integer
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversations bigint [];
    v_ids bigint [];
    v_tokens bigint [];
    v_moved integer;
begin
    select pg_catalog.array_agg(m.conversation_id order by m.conversation_id, m.id),
        pg_catalog.array_agg(m.id order by m.conversation_id, m.id),
        pg_catalog.array_agg(m.lease_token order by m.conversation_id, m.id)
    into v_conversations, v_ids, v_tokens
    from unnest(p_conversation_ids, p_lease_tokens) as l (conversation_id, lease_token)
    inner join wahook_private.processed_webhook_messages as m
        on m.conversation_id = l.conversation_id and m.lease_token = l.lease_token and m.status = 'processing'
    where m.conversation_id = any(p_conversation_ids);

    v_moved := wahook_private.transition_messages_across(
        v_conversations, v_ids, 'processing', 'pending', p_reason, v_tokens
    );

    update wahook_private.agent_turns as t
    set status = 'abandoned',
        finished_at = greatest(v_now, t.started_at),
        error_code = p_error_code,
        error_message = p_reason,
        retryable = true,
        correlation_id = coalesce(l.correlation_id, t.correlation_id)
    from unnest(
        p_conversation_ids, p_lease_tokens, coalesce(p_correlation_ids, '{}'::text [])
    ) as l (conversation_id, lease_token, correlation_id)
    where t.conversation_id = any(p_conversation_ids)
        and t.conversation_id = l.conversation_id
        and t.lease_token = l.lease_token
        and t.status = 'running';

    return v_moved;
end
$$;

comment on function wahook_private.abandon_leased_turns(bigint [], bigint [], text, text, text []) is
'Gives back the turns in flight of leases p_lease_tokens[i] of conversations p_conversation_ids[i] unanswered: their messages return to pending (audit reason p_reason, no attempt counted, no DLQ row), their agent_turns rows are abandoned with p_error_code and p_reason (and correlation id p_correlation_ids[i] when given). The conversations stay processing for the caller to settle (settle_conversations from processing). Returns how many messages went back. The caller holds the row locks.';
