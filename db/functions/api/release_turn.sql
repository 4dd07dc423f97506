-- A worker gives a turn back unanswered (it is shutting down): nothing failed, so no attempt is
-- counted and nothing goes to the DLQ. The messages return to pending in their order, the turn is
-- abandoned, and the conversation is pending again for whichever worker claims next.
create or replace function wahook.release_turn(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_reason text default 'released by the worker',
    p_correlation_id text default null
)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation wahook_private.webhook_conversations;
    v_reason text := coalesce(p_reason, 'released by the worker');
    v_ids bigint [];
begin
    v_conversation := wahook_private.lock_lease(p_conversation_id, p_lease_token);

    select coalesce(pg_catalog.array_agg(m.id order by m.wa_timestamp, m.id), '{}')
    into v_ids
    from wahook_private.processed_webhook_messages as m
    where m.conversation_id = p_conversation_id and m.status = 'processing' and m.lease_token = p_lease_token;

    if pg_catalog.cardinality(v_ids) > 0 then
        perform wahook_private.transition_messages(
            p_conversation_id, v_ids, 'processing', 'pending', v_reason, p_lease_token
        );
    end if;

    update wahook_private.agent_turns as t
    set status = 'abandoned',
        finished_at = greatest(v_now, t.started_at),
        error_code = 'released',
        error_message = v_reason,
        retryable = true,
        correlation_id = coalesce(p_correlation_id, t.correlation_id)
    where t.conversation_id = p_conversation_id and t.lease_token = p_lease_token and t.status = 'running';

    perform wahook_private.settle_conversation(
        p_conversation_id, 'processing', v_reason, v_conversation.lease_owner, p_lease_token,
        p_correlation_id
    );
    return pg_catalog.cardinality(v_ids);
end
$$;

revoke all on function wahook.release_turn(bigint, bigint, text, text) from public;
grant execute on function wahook.release_turn(bigint, bigint, text, text) to wahook_service;

comment on function wahook.release_turn(bigint, bigint, text, text) is
'Gives back the unanswered turn of lease p_lease_token (a worker shutting down): its messages return to pending without an attempt counted or a DLQ row, the turn is abandoned (error_code released, p_reason kept), and the conversation is pending again (at the turns-per-minute pace) or idle if nothing waits. Returns how many messages went back. Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist.';
