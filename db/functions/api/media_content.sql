-- The bytes of a fetched media, for a worker that shows images to the model (the claim's message
-- carries media.status and media.mime_type, so it knows which to ask for).
create or replace function wahook.media_content(p_conversation_id bigint, p_message_id bigint)
returns table (media_kind text, mime_type text, content bytea)
language sql stable security definer set search_path = ''
as $$
    select f.media_kind, f.mime_type, c.content
    from wahook_private.inbound_media as f
    inner join wahook_private.inbound_media_contents as c
        on c.conversation_id = f.conversation_id and c.message_id = f.message_id
    where f.conversation_id = p_conversation_id and f.message_id = p_message_id and f.status = 'fetched'
$$;

comment on function wahook.media_content(bigint, bigint) is
'The fetched media of message p_message_id in conversation p_conversation_id: one row (media_kind, mime_type, content) while it is fetched and its bytes are retained (settings.media_retention_days); no row otherwise (no media, not fetched, failed, or purged). Raises nothing of its own.';
