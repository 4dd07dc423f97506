-- Ingest's media step, one set-based insert per batch (called once by ingest_bodies): a media row
-- for each newly accepted image, sticker, document, audio or video message that names a media id,
-- while settings.media_fetch_enabled is on. Off, nothing is recorded and media messages read as
-- before. The sidecar's media loop is woken at commit (channel wahook_media).
create or replace function wahook_private.ingest_media(
    p_items wahook_private.ingest_item [],
    p_positions bigint [],
    p_outcomes text [],
    p_now timestamptz
)
returns integer
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_inserted integer;
begin
    -- A batch without messages passes null outcomes: it returns here too.
    if not (select s.media_fetch_enabled from wahook_private.settings as s)
        or not coalesce('accepted' = any(p_outcomes), false) then
        return 0;
    end if;

    with media as (
        select
            i.conversation_id, i.external_id, i.item_type, i.wa_timestamp,
            wahook_private.ingest_json_text(i.item -> i.item_type -> 'id') as media_id,
            wahook_private.ingest_json_text(i.item -> i.item_type -> 'mime_type') as mime_type,
            wahook_private.ingest_json_text(i.item -> i.item_type -> 'sha256') as sha256,
            wahook_private.ingest_json_text(i.item -> i.item_type -> 'filename') as filename
        from unnest(p_positions, p_outcomes) as o (position, outcome)
        inner join pg_catalog.unnest(p_items) with ordinality as i on o.position = i.ordinality
        where o.outcome = 'accepted' and wahook_private.media_max_bytes(i.item_type) is not null
    )

    insert into wahook_private.inbound_media (
        conversation_id, message_id, media_id, media_kind, webhook_mime_type, webhook_sha256, filename,
        wa_timestamp, status, next_attempt_at, created_at, updated_at
    )
    select
        m.conversation_id, pm.id, m.media_id, m.item_type, pg_catalog.left(m.mime_type, 256),
        pg_catalog.left(m.sha256, 256), pg_catalog.left(m.filename, 1024), m.wa_timestamp, 'pending', p_now,
        p_now, p_now
    from media as m
    inner join wahook_private.processed_webhook_messages as pm
        on pm.conversation_id = m.conversation_id and pm.wamid = m.external_id
    where pm.conversation_id = any(array(select x.conversation_id from media as x))
        and pg_catalog.length(m.media_id) between 1 and 256
    order by m.conversation_id, pm.id
    on conflict do nothing;
    get diagnostics v_inserted = row_count;

    if v_inserted > 0 then
        perform pg_catalog.pg_notify('wahook_media', '');
    end if;
    return v_inserted;
end
$$;

comment on function wahook_private.ingest_media(wahook_private.ingest_item [], bigint [], text [], timestamptz) is
'Ingest helper (wahook_private.ingest_bodies): for the items p_items at p_positions whose outcome (p_outcomes) is accepted and whose type is image, sticker, document, audio or video with a media id, inserts a pending inbound_media row due at p_now (media id, kind, mime type, sha256 and filename as the webhook gives them), when settings.media_fetch_enabled is on; notifies wahook_media when it inserted any. Returns how many it inserted. Raises nothing of its own.';
