-- purge_expired's media retention: the bytes of fetched media stored before
-- media_retention_days, in batches of purge_batch_size (found by a plain read, deleted by key).
-- Their facts (size, hash, text read) stay with the message until it goes.
create or replace function wahook_private.purge_expired_media(p_now timestamptz)
returns jsonb
language plpgsql set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_deleted integer;
begin
    select * into strict v_settings from wahook_private.settings;

    delete from wahook_private.inbound_media_contents as x
    using (
        select c.conversation_id, c.message_id
        from wahook_private.inbound_media_contents as c
        where c.stored_at < p_now - pg_catalog.make_interval(days => v_settings.media_retention_days)
        limit v_settings.purge_batch_size
    ) as d
    where x.conversation_id = d.conversation_id and x.message_id = d.message_id;
    get diagnostics v_deleted = row_count;

    return pg_catalog.jsonb_build_object('media_contents_deleted', v_deleted);
end
$$;

comment on function wahook_private.purge_expired_media(timestamptz) is
'Retention helper of wahook.purge_expired: deletes at most settings.purge_batch_size media bytes (inbound_media_contents) stored before p_now minus settings.media_retention_days. Returns {"media_contents_deleted": n}. Raises nothing of its own.';
