-- One DLQ row per failed message, kept across attempts: each failure appends its error (so a dead
-- entry shows every attempt's), and the row's status says what happens next. Call it after the
-- messages' attempt_count counts this failure; p_next_attempt_at is for status retry_scheduled.
create or replace function wahook_private.record_dlq_failures(
    p_conversation_id bigint,
    p_message_ids bigint [],
    p_status text,
    p_error_code text,
    p_error_message text,
    p_retryable boolean,
    p_next_attempt_at timestamptz default null
)
returns integer
language plpgsql set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_count integer;
begin
    insert into wahook_private.webhook_dlq as d (
        conversation_id, message_id, wamid, status, attempt_count, errors, next_attempt_at,
        first_failed_at, last_failed_at, dead_at
    )
    select m.conversation_id, m.id, m.wamid, p_status, greatest(m.attempt_count, 1),
        pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
            'attempt', m.attempt_count,
            'at', v_now,
            'code', p_error_code,
            'message', p_error_message,
            'retryable', p_retryable
        )),
        case when p_status = 'retry_scheduled' then p_next_attempt_at end,
        v_now, v_now,
        case when p_status = 'dead' then v_now end
    from wahook_private.processed_webhook_messages as m
    where m.conversation_id = p_conversation_id and m.id = any(p_message_ids)
    on conflict (conversation_id, message_id) do update
    set status = excluded.status,
        attempt_count = excluded.attempt_count,
        errors = d.errors || excluded.errors,
        next_attempt_at = excluded.next_attempt_at,
        last_failed_at = excluded.last_failed_at,
        dead_at = excluded.dead_at,
        resolved_at = null;

    get diagnostics v_count = row_count;
    return v_count;
end
$$;

comment on function wahook_private.record_dlq_failures(bigint, bigint [], text, text, text, boolean, timestamptz) is
'Upserts the DLQ row of each of p_message_ids with status p_status (retry_scheduled, retrying or dead), the message''s attempt_count, and appends {attempt, at, code, message, retryable} to its errors. Returns the number of rows written.';
