-- Failure of a media fetch attempt. A retryable one (a 5xx, a reset, a timeout, the reader failing)
-- is tried again after the backoff of settings.media_retry_* while attempts remain; otherwise (not
-- retryable: over the cap, sha256 mismatch, media id unknown to Meta; or attempts used up) the media
-- fails for good, its message reads as a placeholder, and its conversation may be claimable now:
-- wahook_ready is notified at commit.
create or replace function wahook.record_media_failure(
    p_conversation_id bigint,
    p_message_id bigint,
    p_lease_token integer,
    p_error_code text,
    p_error text,
    p_retryable boolean
)
returns table (status text, next_attempt_at timestamptz)
language plpgsql security definer set search_path = ''
as $$
#variable_conflict use_column
declare
    v_now timestamptz := wahook_private.clock_now();
    v_settings wahook_private.settings;
    v_media wahook_private.inbound_media;
    v_next timestamptz;
begin
    if p_error_code is null or pg_catalog.btrim(p_error_code) = '' or p_retryable is null then
        raise exception using errcode = 'WH002', message = 'p_error_code and p_retryable are required';
    end if;
    v_media := wahook_private.lock_media_lease(p_conversation_id, p_message_id, p_lease_token);
    select * into strict v_settings from wahook_private.settings;

    if p_retryable and v_media.attempt_count < v_settings.media_max_attempts then
        v_next := v_now + wahook_private.backoff_delay(
            v_media.attempt_count, v_settings.media_retry_base_seconds, v_settings.media_retry_max_delay_seconds,
            v_settings.retry_jitter_ratio, pg_catalog.random()
        );
    end if;

    perform wahook_private.transition_media(
        array[p_conversation_id], array[p_message_id], 'fetching',
        case when v_next is null then 'failed' else 'pending' end,
        case when v_next is null then 'the fetch failed for good' else 'the fetch failed; retried after the backoff' end,
        p_next_attempt_ats => array[v_next],
        p_error_codes => array[pg_catalog.left(p_error_code, 64)],
        p_errors => array[pg_catalog.left(coalesce(p_error, p_error_code), 2000)]
    );

    if v_next is null then
        perform pg_catalog.pg_notify('wahook_ready', '');
    end if;
    return query select case when v_next is null then 'failed' else 'pending' end, v_next;
end
$$;

comment on function wahook.record_media_failure(bigint, bigint, integer, text, text, boolean) is
'Records a failed fetch by attempt p_lease_token (from claim_media_fetches) of the media of message p_message_id in conversation p_conversation_id, with p_error_code (e.g. http_500, connection_lost, too_large, sha256_mismatch, read_failed) and p_error. When p_retryable and fewer than settings.media_max_attempts attempts were made, the media is pending again after the backoff (media_retry_base_seconds doubled per attempt, capped at media_retry_max_delay_seconds, jittered by retry_jitter_ratio); otherwise it fails for good (its message reads as a placeholder) and wahook_ready is notified. Returns (status pending or failed, next_attempt_at or null). Raises WH010 when the attempt no longer holds the media, WH002 for a null or empty p_error_code or a null p_retryable.';
