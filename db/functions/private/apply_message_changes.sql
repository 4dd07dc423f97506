-- Customers' edits and revokes (deletes) of their own messages, applied at ingest, set-based per
-- batch (called once by wahook_private.ingest_bodies, which holds the row locks of every
-- conversation of the batch's messages). An edit or revoke names its original by wamid
-- (changed_message_wamid) in the same conversation; it is stored like any message (ignored: not
-- for the agent) and linked here (original_wamid). An original is touched when a change of it
-- arrives, or when it arrives itself with changes already waiting (Meta does not promise order).
-- Each touched original is judged from all its stored changes, so duplicates, late and early
-- changes all come out the same: a revoke wins over any edit (an edit after it resurrects
-- nothing); otherwise the latest edit by WhatsApp timestamp (then arrival) gives its text.
-- What follows, by where the original is:
--   pending (not yet claimed): an edit changes what the turn reads (it keeps its place in the
--     FIFO); a revoke skips it, and a conversation left with nothing pending settles to idle;
--   processing (a turn leased right now), or quoted by a message of a turn in flight: the turn is
--     abandoned (abandon_leased_turns: no attempt counted), its messages pending again,
--     so that the agent answers what the customer now says, not the old text, and never a deleted
--     message; the worker's completion then finds its lease lost (WH010) and sends nothing;
--   dead: a revoke skips it (its DLQ row resolved), so that no replay answers it;
--   answered (in memory): its memory entry reads the new text, or is deleted; so do the entries of
--     later messages that quote it (the quote rebuilt, or dropped: quoted_text ignores revoked
--     messages): rebuild_changed_memory.
-- The original keeps its payload as received; edited_by/revoked_by name the change it shows.
-- The usual batch has no change and no waiting one: one read of the batch (an index probe per new
-- message on the tiny index of changes) and out.
create or replace function wahook_private.apply_message_changes(
    p_items wahook_private.ingest_item [],
    p_message_positions bigint [],
    p_message_outcomes text []
)
returns void
-- Generic plans: a batch changes the arrays on every call (see ingest_bodies).
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan set jit = off
as $$
declare
    c_actor constant text := 'process_message';
    c_abandoned constant text := 'turn abandoned: the customer edited or revoked one of its messages';
    c_revoked constant text := 'revoked by the customer';
    v_now timestamptz := wahook_private.clock_now();
    v_change_conversations bigint [];
    v_change_wamids text [];
    v_change_originals text [];
    v_waiting_conversations bigint [];
    v_waiting_wamids text [];
    v_touched_conversations bigint [];
    v_touched_wamids text [];
    v_conversations bigint [];
    v_ids bigint [];
    v_wamids text [];
    v_statuses text [];
    v_lease_tokens bigint [];
    v_revoked boolean [];
    v_change_ids bigint [];
    v_change_ats timestamptz [];
    v_texts text [];
    v_abandoned bigint [];
    v_abandoned_tokens bigint [];
    v_skip_conversations bigint [];
    v_skip_ids bigint [];
    v_dead_conversations bigint [];
    v_dead_ids bigint [];
    v_settle bigint [];
    v_state text;
    v_woken boolean := false;
begin
    -- The batch's newly stored messages (not duplicates): the changes with the original they
    -- name, and the other messages that changes already wait for.
    select
        pg_catalog.array_agg(s.conversation_id) filter (where s.original_wamid is not null),
        pg_catalog.array_agg(s.wamid) filter (where s.original_wamid is not null),
        pg_catalog.array_agg(s.original_wamid) filter (where s.original_wamid is not null),
        pg_catalog.array_agg(s.conversation_id) filter (where s.waited_for),
        pg_catalog.array_agg(s.wamid) filter (where s.waited_for)
    into v_change_conversations, v_change_wamids, v_change_originals, v_waiting_conversations, v_waiting_wamids
    from (
        select
            i.conversation_id,
            i.external_id as wamid,
            case when i.item_type in ('edit', 'revoke') then wahook_private.changed_message_wamid(i.item) end
                as original_wamid,
            i.item_type is distinct from 'edit' and i.item_type is distinct from 'revoke' and exists (
                select from wahook_private.processed_webhook_messages as c
                where c.conversation_id = i.conversation_id and c.original_wamid = i.external_id
            ) as waited_for
        from unnest(p_message_positions, p_message_outcomes) as o (position, outcome)
        inner join pg_catalog.unnest(p_items) with ordinality as i on o.position = i.ordinality
        where o.outcome <> 'duplicate'
    ) as s;

    if v_change_conversations is null and v_waiting_conversations is null then
        return;
    end if;

    if v_change_conversations is not null then
        update wahook_private.processed_webhook_messages as m
        set original_wamid = c.original_wamid
        from unnest(v_change_conversations, v_change_wamids, v_change_originals) as c (
            conversation_id, wamid, original_wamid
        )
        where m.conversation_id = any(v_change_conversations)
            and m.wamid = any(v_change_wamids)
            and m.conversation_id = c.conversation_id
            and m.wamid = c.wamid;
    end if;
    v_touched_conversations := coalesce(v_change_conversations, '{}') || coalesce(v_waiting_conversations, '{}');
    v_touched_wamids := coalesce(v_change_originals, '{}') || coalesce(v_waiting_wamids, '{}');

    -- Each touched original that exists (not itself a change, not revoked already) against all its
    -- changes: the first revoke, else the latest edit; kept when that differs from what it shows.
    select
        pg_catalog.array_agg(j.conversation_id order by j.conversation_id, j.id),
        pg_catalog.array_agg(j.id order by j.conversation_id, j.id),
        pg_catalog.array_agg(j.wamid order by j.conversation_id, j.id),
        pg_catalog.array_agg(j.status order by j.conversation_id, j.id),
        pg_catalog.array_agg(j.lease_token order by j.conversation_id, j.id),
        pg_catalog.array_agg(j.revoke_id is not null order by j.conversation_id, j.id),
        pg_catalog.array_agg(coalesce(j.revoke_id, j.edit_id) order by j.conversation_id, j.id),
        pg_catalog.array_agg(coalesce(j.revoke_at, j.edit_at) order by j.conversation_id, j.id),
        pg_catalog.array_agg(j.edit_text order by j.conversation_id, j.id)
    into v_conversations, v_ids, v_wamids, v_statuses, v_lease_tokens, v_revoked, v_change_ids, v_change_ats,
        v_texts
    from (
        select o.conversation_id, o.id, o.wamid, o.status, o.lease_token, o.edited_by,
            r.id as revoke_id, r.wa_timestamp as revoke_at,
            e.id as edit_id, e.wa_timestamp as edit_at, e.text_body as edit_text
        from (
            select distinct t.conversation_id, t.wamid
            from unnest(v_touched_conversations, v_touched_wamids) as t (conversation_id, wamid)
        ) as t
        inner join wahook_private.processed_webhook_messages as o
            on o.conversation_id = t.conversation_id and o.wamid = t.wamid
        left join lateral (
            select c.id, c.wa_timestamp
            from wahook_private.processed_webhook_messages as c
            where c.conversation_id = o.conversation_id and c.original_wamid = o.wamid and c.message_type = 'revoke'
            order by c.wa_timestamp, c.id
            limit 1
        ) as r on true
        left join lateral (
            select c.id, c.wa_timestamp, c.text_body
            from wahook_private.processed_webhook_messages as c
            where c.conversation_id = o.conversation_id and c.original_wamid = o.wamid and c.message_type = 'edit'
            order by c.wa_timestamp desc, c.id desc
            limit 1
        ) as e on true
        where o.conversation_id = any(v_touched_conversations)
            and o.wamid = any(v_touched_wamids)
            and o.message_type <> all(array['edit', 'revoke'])
            and o.revoked_by is null
    ) as j
    where j.revoke_id is not null or j.edit_id is distinct from j.edited_by;

    if v_ids is null then
        return;
    end if;

    -- A turn in flight that reads a changed message, or quotes one, is given back unanswered (no
    -- attempt counted).
    select pg_catalog.array_agg(a.conversation_id order by a.conversation_id),
        pg_catalog.array_agg(a.lease_token order by a.conversation_id)
    into v_abandoned, v_abandoned_tokens
    from (
        select u.conversation_id, u.lease_token
        from unnest(v_conversations, v_statuses, v_lease_tokens) as u (conversation_id, status, lease_token)
        where u.status = 'processing'
        union
        select q.conversation_id, q.lease_token
        from unnest(v_conversations, v_wamids) as u (conversation_id, wamid)
        inner join wahook_private.processed_webhook_messages as q
            on q.conversation_id = u.conversation_id and q.context_wamid = u.wamid
        where q.conversation_id = any(v_conversations) and q.status = 'processing'
    ) as a;

    if v_abandoned is not null then
        perform wahook_private.abandon_leased_turns(v_abandoned, v_abandoned_tokens, 'message_changed', c_abandoned);
    end if;

    -- Revoked messages leave the queue (and the DLQ) before they are marked revoked.
    select
        pg_catalog.array_agg(u.conversation_id) filter (where u.status in ('pending', 'processing')),
        pg_catalog.array_agg(u.id) filter (where u.status in ('pending', 'processing')),
        pg_catalog.array_agg(u.conversation_id) filter (where u.status = 'dead'),
        pg_catalog.array_agg(u.id) filter (where u.status = 'dead')
    into v_skip_conversations, v_skip_ids, v_dead_conversations, v_dead_ids
    from unnest(v_conversations, v_ids, v_statuses, v_revoked) as u (conversation_id, id, status, revoked)
    where u.revoked;

    if v_skip_ids is not null then
        perform wahook_private.transition_messages_across(
            v_skip_conversations, v_skip_ids, 'pending', 'skipped', c_revoked
        );
    end if;
    if v_dead_ids is not null then
        perform wahook_private.transition_messages_across(
            v_dead_conversations, v_dead_ids, 'dead', 'skipped', c_revoked
        );
    end if;
    if v_skip_ids is not null or v_dead_ids is not null then
        perform wahook_private.resolve_dlq_entries(
            coalesce(v_skip_conversations, '{}') || coalesce(v_dead_conversations, '{}'),
            coalesce(v_skip_ids, '{}') || coalesce(v_dead_ids, '{}'),
            v_now
        );
    end if;

    update wahook_private.processed_webhook_messages as o
    set text_body = case when u.revoked then null else u.new_text end,
        edited_by = case when u.revoked then o.edited_by else u.change_id end,
        edited_at = case when u.revoked then o.edited_at else u.change_at end,
        revoked_by = case when u.revoked then u.change_id end,
        revoked_at = case when u.revoked then u.change_at end
    from unnest(v_conversations, v_ids, v_revoked, v_change_ids, v_change_ats, v_texts) as u (
        conversation_id, id, revoked, change_id, change_at, new_text
    )
    where o.conversation_id = any(v_conversations)
        and o.id = any(v_ids)
        and o.conversation_id = u.conversation_id
        and o.id = u.id;

    perform wahook_private.rebuild_changed_memory(v_conversations, v_ids, v_wamids, v_revoked);

    -- Where the conversations go: an abandoned turn's pending again (or idle, all revoked); one
    -- waiting for a turn or a retry with nothing left pending, idle.
    if v_abandoned is not null then
        v_woken := 'pending' = any(array(
            select s.to_state
            from wahook_private.settle_conversations(
                v_abandoned, 'processing', c_abandoned, c_actor, v_abandoned_tokens
            ) as s
        ));
    end if;
    if v_skip_ids is not null then
        foreach v_state in array array['pending', 'retry_wait'] loop
            v_settle := array(
                select c.conversation_id
                from wahook_private.webhook_conversations as c
                where c.conversation_id = any(v_skip_conversations)
                    and c.state = v_state
                    and not exists (
                        select from wahook_private.processed_webhook_messages as m
                        where m.conversation_id = c.conversation_id and m.status = 'pending'
                    )
                order by c.conversation_id
            );
            if pg_catalog.cardinality(v_settle) > 0 then
                perform wahook_private.settle_conversations(v_settle, v_state, c_revoked, c_actor);
            end if;
        end loop;
    end if;

    if v_woken then
        perform pg_catalog.pg_notify('wahook_ready', '');
    end if;
end
$$;

comment on function wahook_private.apply_message_changes(wahook_private.ingest_item [], bigint [], text []) is
'Ingest helper, called by ingest_bodies with the batch''s items and message outcomes (positions into p_items): links each newly stored edit or revoke to the original it names (original_wamid, see changed_message_wamid) and applies the changes of every original touched (by a new change, or arriving after its changes) in the same conversation: a revoke wins over edits, else the latest edit by WhatsApp timestamp gives the text (text_body, edited_by, edited_at; revoked: text_body null, revoked_by, revoked_at). A pending original reads the new text, or is skipped when revoked (a conversation left with nothing pending settles to idle); a turn in flight with a changed message, or one quoting it, is abandoned (error_code message_changed, messages pending again, no attempt counted); a dead original that is revoked is skipped (its DLQ row resolved); memory entries of the original and of messages quoting it are rebuilt (token counts by estimate_tokens_like) or, revoked, deleted. The caller holds the conversations'' row locks. Raises nothing of its own.';
