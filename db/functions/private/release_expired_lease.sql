-- A lease that expired is a failed attempt (the worker crashed, hung or lost its connection): its
-- messages go back to pending with one more attempt counted, or dead when that was their last, with
-- the error kept in the DLQ; the turn is abandoned; the conversation is settled (pending or idle).
-- Used by claim_conversation (take-over) and cleanup_stuck_conversations, so both do the same; the
-- attempt is recorded by wahook_private.record_failed_attempt, as a failed turn's is (retried at
-- once, without a backoff).
create or replace function wahook_private.release_expired_lease(
    p_conversation_id bigint,
    p_reason text default 'lease expired',
    p_actor text default null
)
returns integer
language plpgsql set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation wahook_private.webhook_conversations;
    v_dead integer;
begin
    select c.* into v_conversation
    from wahook_private.webhook_conversations as c
    where c.conversation_id = p_conversation_id
    for update;

    if not found or v_conversation.state <> 'processing' or v_conversation.lease_expires_at > v_now then
        return null;
    end if;

    select f.o_dead_count into strict v_dead
    from wahook_private.record_failed_attempt(
        v_conversation,
        'lease_expired',
        pg_catalog.format(
            'lease %s of worker %s expired at %s', v_conversation.lease_token, v_conversation.lease_owner,
            v_conversation.lease_expires_at
        ),
        true,
        p_reason || ': attempts exhausted',
        p_reason,
        p_schedule_retry => false,
        p_turn_status => 'abandoned'
    ) as f;

    perform wahook_private.settle_conversation(
        p_conversation_id, 'processing', p_reason, p_actor, v_conversation.lease_token
    );

    return v_dead;
end
$$;

comment on function wahook_private.release_expired_lease(bigint, text, text) is
'Frees the expired lease of a processing conversation: its messages go back to pending with one more attempt counted (DLQ row retrying), or dead when their attempts are exhausted (DLQ row dead); the turn is abandoned, the session counts an error, the conversation becomes pending or idle. Returns the number of messages that went dead, or null (and changes nothing) when the conversation is not processing under an expired lease.';
