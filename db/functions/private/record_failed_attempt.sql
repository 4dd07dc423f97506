-- A failed attempt of the turn in flight under a lease, the one home of its rules: the agent failed
-- (wahook.fail_turn) or the worker's lease expired (release_expired_lease, for a take-over by the
-- claim and for cleanup_stuck_conversations). Every message of the lease counts the attempt and keeps
-- the error; those with retries left (settings.retry_max_attempts after the first try) and a
-- retryable error go back to pending, the others are dead, each with its DLQ row and every attempt's
-- error; the turn's agent_turns row ends as p_turn_status; the session counts the error. The retried
-- messages either wait for the backoff (p_schedule_retry: the most-tried message of the turn decides
-- it, and the turns-per-minute limit holds; DLQ retry_scheduled) or are due at once (DLQ retrying).
-- The conversation is left to the caller (retry_wait or settled), which holds its row lock:
-- p_conversation is that row, processing under the lease that failed.
create or replace function wahook_private.record_failed_attempt(
    p_conversation wahook_private.webhook_conversations,
    p_error_code text,
    p_error_message text,
    p_retryable boolean,
    p_dead_reason text,
    p_retry_reason text,
    p_schedule_retry boolean,
    p_turn_status text,
    p_correlation_id text default null,
    out o_dead_count integer,
    out o_retry_count integer,
    out o_next_attempt_at timestamptz
)
language plpgsql set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_settings wahook_private.settings;
    v_error text := coalesce(p_error_code, 'error') || ': ' || coalesce(p_error_message, '');
    v_dead bigint [];
    v_retry bigint [];
    v_attempt integer;
begin
    select s.* into strict v_settings from wahook_private.settings as s;

    with bumped as (
        update wahook_private.processed_webhook_messages as m
        set attempt_count = m.attempt_count + 1,
            last_error = v_error
        where m.conversation_id = p_conversation.conversation_id
            and m.status = 'processing'
            and m.lease_token = p_conversation.lease_token
        returning m.id, m.attempt_count
    )
    select
        coalesce(pg_catalog.array_agg(b.id) filter (
            where not p_retryable or b.attempt_count > v_settings.retry_max_attempts
        ), '{}'),
        coalesce(pg_catalog.array_agg(b.id) filter (
            where p_retryable and b.attempt_count <= v_settings.retry_max_attempts
        ), '{}'),
        pg_catalog.max(b.attempt_count) filter (
            where p_retryable and b.attempt_count <= v_settings.retry_max_attempts
        )
    into v_dead, v_retry, v_attempt
    from bumped as b;

    o_dead_count := pg_catalog.cardinality(v_dead);
    o_retry_count := pg_catalog.cardinality(v_retry);

    if o_dead_count > 0 then
        perform wahook_private.transition_messages(
            p_conversation.conversation_id, v_dead, 'processing', 'dead', p_dead_reason, p_conversation.lease_token
        );
        perform wahook_private.record_dlq_failures(
            p_conversation.conversation_id, v_dead, 'dead', p_error_code, p_error_message, p_retryable
        );
    end if;

    if o_retry_count > 0 then
        if p_schedule_retry then
            -- The retry follows the most-tried message of the turn: attempt n waits base * 2^(n - 1).
            o_next_attempt_at := greatest(
                v_now + wahook_private.backoff_delay(
                    v_attempt, v_settings.retry_base_seconds, v_settings.retry_max_delay_seconds,
                    v_settings.retry_jitter_ratio, pg_catalog.random()
                ),
                wahook_private.next_turn_at(p_conversation.recent_turn_started_at)
            );
        end if;
        perform wahook_private.transition_messages(
            p_conversation.conversation_id, v_retry, 'processing', 'pending', p_retry_reason,
            p_conversation.lease_token
        );
        -- Without a backoff they are back in the queue at once (the next claim takes them): the DLQ
        -- row says retrying.
        perform wahook_private.record_dlq_failures(
            p_conversation.conversation_id, v_retry,
            case when p_schedule_retry then 'retry_scheduled' else 'retrying' end,
            p_error_code, p_error_message, p_retryable, o_next_attempt_at
        );
    end if;

    update wahook_private.agent_turns as t
    set status = p_turn_status,
        finished_at = greatest(v_now, t.started_at),
        error_code = p_error_code,
        error_message = p_error_message,
        retryable = p_retryable,
        correlation_id = coalesce(p_correlation_id, t.correlation_id)
    where t.conversation_id = p_conversation.conversation_id
        and t.lease_token = p_conversation.lease_token
        and t.status = 'running';

    -- The session counts the error, and the conversation shows it until a turn completes.
    insert into wahook_private.agent_sessions as s (
        conversation_id, error_count, last_error, last_error_at, created_at, updated_at
    ) values (p_conversation.conversation_id, 1, v_error, v_now, v_now, v_now)
    on conflict (conversation_id) do update
    set error_count = s.error_count + 1,
        last_error = excluded.last_error,
        last_error_at = excluded.last_error_at,
        updated_at = excluded.updated_at;

    update wahook_private.webhook_conversations as c
    set last_error = v_error
    where c.conversation_id = p_conversation.conversation_id;
end
$$;

comment on function wahook_private.record_failed_attempt(
    wahook_private.webhook_conversations, text, text, boolean, text, text, boolean, text, text
) is
'Records a failed attempt of the turn in flight under the lease of p_conversation (a locked row, processing): each message of the lease counts one more attempt (last_error "<p_error_code>: <p_error_message>"). With p_retryable and retries left (attempt_count <= settings.retry_max_attempts) it goes back to pending (audit reason p_retry_reason), its DLQ row retry_scheduled with o_next_attempt_at when p_schedule_retry (the backoff of the most-tried message, no sooner than the turns-per-minute limit allows), else retrying; otherwise it is dead (p_dead_reason, DLQ dead); each DLQ row appends {attempt, at, code, message, retryable}. The running agent_turns row ends as p_turn_status with the error, p_retryable and p_correlation_id (when given); the session and the conversation record the error. Returns o_dead_count, o_retry_count and o_next_attempt_at (null unless scheduled). Leaves the conversation''s state to the caller. Raises nothing of its own.';
