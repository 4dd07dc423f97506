-- A turn failed. Each of its messages counts the attempt; those with retries left (and a retryable
-- error) go back to pending and the conversation waits in retry_wait for the backoff delay, so the
-- messages that arrived meanwhile stay behind them and join the retried turn (claim takes every
-- pending message, in order). Messages out of retries, or all of them for a non-retryable error,
-- are dead with every attempt's error kept in the DLQ, and the conversation moves on. The attempt
-- is recorded by wahook_private.record_failed_attempt, as an expired lease's is.
create or replace function wahook.fail_turn(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_error_code text,
    p_error_message text,
    p_retryable boolean default true,
    p_correlation_id text default null
)
returns table (outcome text, next_attempt_at timestamptz)
language plpgsql security definer set search_path = ''
as $$
declare
    v_retryable boolean := coalesce(p_retryable, true);
    v_conversation wahook_private.webhook_conversations;
    v_failed record;
begin
    v_conversation := wahook_private.lock_lease(p_conversation_id, p_lease_token);

    select f.o_retry_count, f.o_next_attempt_at into strict v_failed
    from wahook_private.record_failed_attempt(
        v_conversation, p_error_code, p_error_message, v_retryable,
        case when v_retryable then 'turn failed: attempts exhausted' else 'turn failed: not retryable' end,
        'turn failed: retry scheduled',
        p_schedule_retry => true,
        p_turn_status => 'failed',
        p_correlation_id => p_correlation_id
    ) as f;

    if v_failed.o_retry_count > 0 then
        perform wahook_private.transition_conversation(
            p_conversation_id, 'processing', 'retry_wait', 'turn failed: retry scheduled',
            v_conversation.lease_owner, p_lease_token, p_correlation_id
        );
        update wahook_private.webhook_conversations as c
        set available_at = v_failed.o_next_attempt_at
        where c.conversation_id = p_conversation_id;
        return query select 'retry_scheduled'::text, v_failed.o_next_attempt_at;
    else
        perform wahook_private.settle_conversation(
            p_conversation_id, 'processing', 'turn failed: messages dead', v_conversation.lease_owner,
            p_lease_token, p_correlation_id
        );
        return query select 'dead'::text, null::timestamptz;
    end if;
end
$$;

comment on function wahook.fail_turn(bigint, bigint, text, text, boolean, text) is
'Fails the turn of lease p_lease_token. Every message of the turn counts one more attempt and its DLQ row gets the error {attempt, at, code, message, retryable} appended. If p_retryable and the message has retries left (settings.retry_max_attempts after the first try), it goes back to pending (DLQ retry_scheduled) and the conversation waits in retry_wait until the backoff (retry_base_seconds * 2^(attempt - 1), capped at retry_max_delay_seconds, jittered by retry_jitter_ratio); messages that arrive meanwhile join the retried turn in order. Otherwise the message is dead (DLQ dead, all errors kept) and the conversation moves on (pending if other messages wait, else idle). The turn is marked failed and the session counts an error. Returns one row (outcome retry_scheduled or dead, next_attempt_at or null). Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist.';
