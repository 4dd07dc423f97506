-- A failed send of a reply held by p_sender. Outcomes:
-- * ambiguous (a timeout after the request may have reached Meta): unknown. Not retried at once, as
--   Meta may have sent it. A status webhook carrying its callback data settles it as sent
--   (wahook_private.settle_outbound_by_callback); without one, cleanup_stuck_conversations queues
--   it again after settings.outbound_unknown_settle_seconds. Until then it holds the conversation's
--   later replies back (claim_outbound_messages). An operator may resolve it sooner
--   (wahook.resolve_outbound_message). If such a status already settled it while the request was
--   in flight (the reply has a wamid now), the ambiguous failure is moot: the reply is left as it is
--   and its status returned.
-- * retryable with retries left (settings.retry_max_attempts retries after the first try): queued
--   again, due after wahook_private.backoff_delay (base, doubling, capped, jittered).
-- * otherwise: failed for good.
-- Every failure appends {attempt, at, code, message} to the reply's errors.
create or replace function wahook.record_outbound_failure(
    p_conversation_id bigint,
    p_outbound_id bigint,
    p_sender text,
    p_error_code text,
    p_error_message text,
    p_retryable boolean,
    p_ambiguous boolean default false
)
returns table (status text, attempt_count integer, next_attempt_at timestamptz)
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_settings wahook_private.settings;
    v_reply wahook_private.outbound_messages;
    v_status text;
    v_next_attempt_at timestamptz;
begin
    select o.* into v_reply
    from wahook_private.outbound_messages as o
    where o.conversation_id = p_conversation_id
        and o.id = p_outbound_id
        and o.status = 'sending'
        and o.sender = p_sender
    for update;

    if not found and coalesce(p_ambiguous, false) then
        -- The answer was lost, but a status webhook named the reply meanwhile: it was sent.
        return query
        select o.status, o.attempt_count, null::timestamptz
        from wahook_private.outbound_messages as o
        where o.conversation_id = p_conversation_id
            and o.id = p_outbound_id
            and o.wamid is not null
            and o.status in ('sent', 'delivered', 'read', 'played', 'failed');
        if found then
            return;
        end if;
    end if;

    if not found then
        raise exception using
            errcode = 'WH040',
            message = pg_catalog.format(
                'outbound message %s of conversation %s is not being sent by %s',
                p_outbound_id, p_conversation_id, coalesce(p_sender, '(null)')
            ),
            hint = 'Only the sender that claimed a reply (claim_outbound_messages) may record its failure, once.';
    end if;

    select s.* into strict v_settings from wahook_private.settings as s;

    if coalesce(p_ambiguous, false) then
        v_status := 'unknown';
    elsif coalesce(p_retryable, false) and v_reply.attempt_count <= v_settings.retry_max_attempts then
        v_status := 'queued';
        v_next_attempt_at := v_now + wahook_private.backoff_delay(
            v_reply.attempt_count,
            v_settings.retry_base_seconds,
            v_settings.retry_max_delay_seconds,
            v_settings.retry_jitter_ratio,
            pg_catalog.random()
        );
    else
        v_status := 'failed';
    end if;

    return query
    update wahook_private.outbound_messages as o
    set status = v_status,
        sender = null,
        sending_expires_at = null,
        next_attempt_at = coalesce(v_next_attempt_at, o.next_attempt_at),
        failed_at = case when v_status = 'failed' then v_now end,
        errors = o.errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
            'attempt', o.attempt_count,
            'at', v_now,
            'code', coalesce(p_error_code, 'unknown_error'),
            'message', pg_catalog.left(coalesce(p_error_message, ''), 2000)
        )),
        updated_at = v_now
    where o.conversation_id = p_conversation_id and o.id = p_outbound_id
    returning o.status, o.attempt_count, case when o.status = 'queued' then o.next_attempt_at end;
end
$$;

comment on function wahook.record_outbound_failure(bigint, bigint, text, text, text, boolean, boolean) is
'Records a failed send of reply p_outbound_id of conversation p_conversation_id, which must be in sending and held by p_sender, and appends {attempt, at, code, message} to its errors. p_ambiguous (the request may have reached Meta, e.g. a read timeout): the reply becomes unknown, not retried at once (a status webhook with its callback data settles it as sent; without one it is queued again by cleanup_stuck_conversations after settings.outbound_unknown_settle_seconds; it holds back the later replies of its conversation meanwhile; an operator may settle it with resolve_outbound_message); if a status webhook already settled it (it has a wamid now), nothing changes and its status is returned. Else p_retryable with retries left (attempt_count <= settings.retry_max_attempts): queued again, due after the backoff of settings retry_base_seconds, retry_max_delay_seconds and retry_jitter_ratio. Else failed (failed_at set). Returns one row (status, attempt_count, next_attempt_at: when queued, else null). Raises WH040 when the reply does not exist, is not in sending or is held by another sender (unless p_ambiguous and a status webhook settled it).';
