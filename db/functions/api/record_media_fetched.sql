-- Success of a media fetch attempt: the bytes (already checked against the webhook's sha256 by the
-- fetcher, and within the kind's cap, checked again here) go to inbound_media_contents, their facts
-- and the text read from them to inbound_media, which settles as fetched. Its conversation may be
-- claimable now: wahook_ready is notified at commit.
create or replace function wahook.record_media_fetched(
    p_conversation_id bigint,
    p_message_id bigint,
    p_lease_token integer,
    p_mime_type text,
    p_content bytea,
    p_media_text text default null
)
returns void
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_media wahook_private.inbound_media;
begin
    if p_content is null then
        raise exception using errcode = 'WH002', message = 'p_content must hold the media bytes';
    end if;
    v_media := wahook_private.lock_media_lease(p_conversation_id, p_message_id, p_lease_token);
    if pg_catalog.octet_length(p_content) > wahook_private.media_max_bytes(v_media.media_kind) then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format(
                'p_content is %s bytes, more than the %s bytes a %s may have', pg_catalog.octet_length(p_content),
                wahook_private.media_max_bytes(v_media.media_kind), v_media.media_kind
            );
    end if;

    insert into wahook_private.inbound_media_contents (conversation_id, message_id, content, stored_at)
    values (p_conversation_id, p_message_id, p_content, v_now)
    on conflict (conversation_id, message_id) do update
    set content = excluded.content, stored_at = excluded.stored_at;

    update wahook_private.inbound_media as f
    set mime_type = coalesce(nullif(pg_catalog.left(p_mime_type, 256), ''), f.webhook_mime_type),
        size_bytes = pg_catalog.octet_length(p_content),
        content_sha256 = pg_catalog.sha256(p_content),
        media_text = nullif(p_media_text, '')
    where f.conversation_id = p_conversation_id and f.message_id = p_message_id;
    perform wahook_private.transition_media(
        array[p_conversation_id], array[p_message_id], 'fetching', 'fetched', 'fetched'
    );

    perform pg_catalog.pg_notify('wahook_ready', '');
end
$$;

comment on function wahook.record_media_fetched(bigint, bigint, integer, text, bytea, text) is
'Records a successful fetch by attempt p_lease_token (from claim_media_fetches) of the media of message p_message_id in conversation p_conversation_id: stores p_content (its sha256 already checked by the caller) for media_retention_days, and its mime type (p_mime_type, else the webhook''s), size, SHA-256 and p_media_text (what was read from it: a transcript, a document''s text; null or empty when nothing) as the media''s facts; the media is fetched, its message reads with the text, and wahook_ready is notified. Raises WH010 when the attempt no longer holds the media, WH002 for a null p_content or content larger than the kind''s cap (wahook_private.media_max_bytes).';
