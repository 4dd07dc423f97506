-- A lease that expired is a failed attempt (the worker crashed, hung or lost its connection): its
-- messages go back to pending with one more attempt counted, or dead when that was their last, with
-- the error kept in the DLQ; the turn is abandoned; the conversation is settled (pending or idle).
-- Used by claim_conversation (take-over) and cleanup_stuck_conversations, so both do the same.
create or replace function wahook_private.release_expired_lease(
    p_conversation_id bigint,
    p_reason text default 'lease expired',
    p_actor text default null
)
returns integer
language plpgsql
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation wahook_private.webhook_conversations;
    v_max_attempts integer;
    v_error text;
    v_dead bigint [];
    v_retry bigint [];
begin
    select c.* into v_conversation
    from wahook_private.webhook_conversations as c
    where c.conversation_id = p_conversation_id
    for update;

    if not found or v_conversation.state <> 'processing' or v_conversation.lease_expires_at > v_now then
        return null;
    end if;

    select s.retry_max_attempts into strict v_max_attempts from wahook_private.settings as s;
    v_error := pg_catalog.format(
        'lease %s of worker %s expired at %s', v_conversation.lease_token, v_conversation.lease_owner,
        v_conversation.lease_expires_at
    );

    with bumped as (
        update wahook_private.processed_webhook_messages as m
        set attempt_count = m.attempt_count + 1,
            last_error = 'lease_expired: ' || v_error
        where m.conversation_id = p_conversation_id
            and m.status = 'processing'
            and m.lease_token = v_conversation.lease_token
        returning m.id, m.attempt_count
    )
    select
        coalesce(pg_catalog.array_agg(b.id) filter (where b.attempt_count > v_max_attempts), '{}'),
        coalesce(pg_catalog.array_agg(b.id) filter (where b.attempt_count <= v_max_attempts), '{}')
    into v_dead, v_retry
    from bumped as b;

    if pg_catalog.cardinality(v_dead) > 0 then
        perform wahook_private.transition_messages(
            p_conversation_id, v_dead, 'processing', 'dead', p_reason || ': attempts exhausted',
            v_conversation.lease_token
        );
        perform wahook_private.record_dlq_failures(
            p_conversation_id, v_dead, 'dead', 'lease_expired', v_error, true
        );
    end if;
    if pg_catalog.cardinality(v_retry) > 0 then
        perform wahook_private.transition_messages(
            p_conversation_id, v_retry, 'processing', 'pending', p_reason, v_conversation.lease_token
        );
        -- Back in the queue at once (the next claim takes them): the DLQ row says retrying.
        perform wahook_private.record_dlq_failures(
            p_conversation_id, v_retry, 'retrying', 'lease_expired', v_error, true
        );
    end if;

    update wahook_private.agent_turns as t
    set status = 'abandoned',
        finished_at = greatest(v_now, t.started_at),
        error_code = 'lease_expired',
        error_message = v_error,
        retryable = true
    where t.conversation_id = p_conversation_id
        and t.lease_token = v_conversation.lease_token
        and t.status = 'running';

    perform wahook_private.record_turn_error(p_conversation_id, 'lease_expired: ' || v_error);

    perform wahook_private.settle_conversation(
        p_conversation_id, 'processing', p_reason, p_actor, v_conversation.lease_token
    );

    return pg_catalog.cardinality(v_dead);
end
$$;

comment on function wahook_private.release_expired_lease(bigint, text, text) is
'Frees the expired lease of a processing conversation: its messages go back to pending with one more attempt counted (DLQ row retrying), or dead when their attempts are exhausted (DLQ row dead); the turn is abandoned, the session counts an error, the conversation becomes pending or idle. Returns the number of messages that went dead, or null (and changes nothing) when the conversation is not processing under an expired lease.';

revoke all on function wahook_private.release_expired_lease(bigint, text, text) from public;
