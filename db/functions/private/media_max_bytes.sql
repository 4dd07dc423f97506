-- Meta's size limits of inbound media by kind (WhatsApp Cloud API, supported media types): the
-- fetcher refuses a larger file before or while downloading it. MB read as MiB: a file Meta let
-- through is never refused for the difference. The one list of the media kinds: a kind with a cap
-- is a media kind (ingest_media records those). SQL without a SET clause, so that it inlines.
create or replace function wahook_private.media_max_bytes(p_kind text)
returns bigint
language sql immutable parallel safe
as $$
    select case p_kind
        when 'image' then 5 * 1024 * 1024
        when 'audio' then 16 * 1024 * 1024
        when 'video' then 16 * 1024 * 1024
        when 'document' then 100 * 1024 * 1024
        when 'sticker' then 500 * 1024
    end::bigint
$$;

comment on function wahook_private.media_max_bytes(text) is
'The largest media of kind p_kind that is fetched, in bytes: image 5 MiB, audio and video 16 MiB, document 100 MiB, sticker 500 KiB (Meta''s limits); null for any other kind. Never raises.';
