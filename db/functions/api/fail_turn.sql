-- A turn failed. Each of its messages counts the attempt; those with retries left (and a retryable
-- error) go back to pending and the conversation waits in retry_wait for the backoff delay, so the
-- messages that arrived meanwhile stay behind them and join the retried turn (claim takes every
-- pending message, in order). Messages out of retries, or all of them for a non-retryable error,
-- are dead with every attempt's error kept in the DLQ, and the conversation moves on.
create or replace function wahook.fail_turn(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_error_code text,
    p_error_message text,
    p_retryable boolean default true,
    p_correlation_id text default null
)
returns table (outcome text, next_attempt_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_settings wahook_private.settings;
    v_conversation wahook_private.webhook_conversations;
    v_retryable boolean := coalesce(p_retryable, true);
    v_error text := coalesce(p_error_code, 'error') || ': ' || coalesce(p_error_message, '');
    v_dead bigint [];
    v_retry bigint [];
    v_attempt integer;
    v_next_attempt_at timestamptz;
begin
    v_conversation := wahook_private.lock_lease(p_conversation_id, p_lease_token);
    select s.* into strict v_settings from wahook_private.settings as s;

    with bumped as (
        update wahook_private.processed_webhook_messages as m
        set attempt_count = m.attempt_count + 1,
            last_error = v_error
        where m.conversation_id = p_conversation_id
            and m.status = 'processing'
            and m.lease_token = p_lease_token
        returning m.id, m.attempt_count
    )
    select
        coalesce(pg_catalog.array_agg(b.id) filter (
            where not v_retryable or b.attempt_count > v_settings.retry_max_attempts
        ), '{}'),
        coalesce(pg_catalog.array_agg(b.id) filter (
            where v_retryable and b.attempt_count <= v_settings.retry_max_attempts
        ), '{}'),
        pg_catalog.max(b.attempt_count) filter (
            where v_retryable and b.attempt_count <= v_settings.retry_max_attempts
        )
    into v_dead, v_retry, v_attempt
    from bumped as b;

    if pg_catalog.cardinality(v_dead) > 0 then
        perform wahook_private.transition_messages(
            p_conversation_id, v_dead, 'processing', 'dead',
            case when v_retryable then 'turn failed: attempts exhausted' else 'turn failed: not retryable' end,
            p_lease_token
        );
        perform wahook_private.record_dlq_failures(
            p_conversation_id, v_dead, 'dead', p_error_code, p_error_message, v_retryable
        );
    end if;

    if pg_catalog.cardinality(v_retry) > 0 then
        -- The retry follows the most-tried message of the turn: attempt n waits base * 2^(n - 1).
        v_next_attempt_at := greatest(
            v_now + wahook_private.backoff_delay(
                v_attempt, v_settings.retry_base_seconds, v_settings.retry_max_delay_seconds,
                v_settings.retry_jitter_ratio, pg_catalog.random()
            ),
            wahook_private.next_turn_at(v_conversation.recent_turn_started_at)
        );
        perform wahook_private.transition_messages(
            p_conversation_id, v_retry, 'processing', 'pending', 'turn failed: retry scheduled', p_lease_token
        );
        perform wahook_private.record_dlq_failures(
            p_conversation_id, v_retry, 'retry_scheduled', p_error_code, p_error_message, v_retryable,
            v_next_attempt_at
        );
    end if;

    update wahook_private.agent_turns as t
    set status = 'failed',
        finished_at = greatest(v_now, t.started_at),
        error_code = p_error_code,
        error_message = p_error_message,
        retryable = v_retryable,
        correlation_id = coalesce(p_correlation_id, t.correlation_id)
    where t.conversation_id = p_conversation_id and t.lease_token = p_lease_token and t.status = 'running';

    perform wahook_private.record_turn_error(p_conversation_id, v_error);

    if pg_catalog.cardinality(v_retry) > 0 then
        perform wahook_private.transition_conversation(
            p_conversation_id, 'processing', 'retry_wait', 'turn failed: retry scheduled',
            v_conversation.lease_owner, p_lease_token, p_correlation_id
        );
        update wahook_private.webhook_conversations as c
        set available_at = v_next_attempt_at
        where c.conversation_id = p_conversation_id;
        return query select 'retry_scheduled'::text, v_next_attempt_at;
    else
        perform wahook_private.settle_conversation(
            p_conversation_id, 'processing', 'turn failed: messages dead', v_conversation.lease_owner,
            p_lease_token, p_correlation_id
        );
        return query select 'dead'::text, null::timestamptz;
    end if;
end
$$;

revoke all on function wahook.fail_turn(bigint, bigint, text, text, boolean, text) from public;
grant execute on function wahook.fail_turn(bigint, bigint, text, text, boolean, text) to wahook_service;

comment on function wahook.fail_turn(bigint, bigint, text, text, boolean, text) is
'Fails the turn of lease p_lease_token. Every message of the turn counts one more attempt and its DLQ row gets the error {attempt, at, code, message, retryable} appended. If p_retryable and the message has retries left (settings.retry_max_attempts after the first try), it goes back to pending (DLQ retry_scheduled) and the conversation waits in retry_wait until the backoff (retry_base_seconds * 2^(attempt - 1), capped at retry_max_delay_seconds, jittered by retry_jitter_ratio); messages that arrive meanwhile join the retried turn in order. Otherwise the message is dead (DLQ dead, all errors kept) and the conversation moves on (pending if other messages wait, else idle). The turn is marked failed and the session counts an error. Returns one row (outcome retry_scheduled or dead, next_attempt_at or null). Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist.';
