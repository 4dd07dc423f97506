-- Coexistence echoes (field smb_message_echoes, value.message_echoes[]): what the business typed in
-- the WhatsApp Business app. Each is stored as a person's message of the conversation of
-- (phone_number_id, recipient: `to`, else `to_user_id`, as statuses name theirs), status sent with its
-- wamid (the app delivered it), once per wamid (unique (conversation_id, wamid)), remembered as what
-- the business said; never a customer message, never given to the agent as one. An echoed edit or
-- revoke changes or removes the text of the echo it names, in the outbox and in the memory. A
-- conversation that got a new echo (or an applied edit or revoke) is taken over: paused for the agent
-- (enter_pause and note_pause, kind takeover, actor 'whatsapp business app'), or, already paused,
-- its quiet time starts again. The change itself stays a business event as before.
-- Set-based per batch; returns at once for a batch without echoes. Called by ingest_bodies before it
-- upserts the message conversations: it takes every conversation of the batch in conversation_id
-- order first (locked, or made), so the lock order stays the one ingest documents.
create or replace function wahook_private.ingest_echoes(p_items wahook_private.ingest_item [])
returns integer
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan set jit = off
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_echoes wahook_private.ingest_item [];
    v_taken bigint [];
    v_stored_conversations bigint [];
    v_stored_ids bigint [];
    v_changed bigint [];
    v_conversation record;
begin
    if not exists (
        select from pg_catalog.unnest(p_items) as i
        where i.kind = 'event' and i.field = 'smb_message_echoes'
    ) then
        return 0;
    end if;

    -- Each echo as an ingest item (kind echo): external_id its wamid, item_type its type,
    -- context_wamid the message an edit or revoke names, item the Graph API message object (an
    -- edit's new message, else the echo's own; null for a revoke).
    select pg_catalog.array_agg(row(
        x.body_index, x.item_index, 'echo', x.field, x.waba_id, x.phone_number_id, x.display_phone_number,
        x.external_id, wahook_private.conversation_key(x.phone_number_id, x.customer_id), x.customer_id, x.to_wa_id,
        x.to_user_id, null, x.item_type, x.wa_timestamp, null, x.context_wamid, x.item
    )::wahook_private.ingest_item order by x.body_index, x.item_index, x.ord)
    into v_echoes
    from (
        select
            i.body_index, i.item_index, e.ord, i.field, i.waba_id, i.phone_number_id, i.display_phone_number,
            r.customer_id, r.to_wa_id, r.to_user_id, t.echo_type as item_type,
            wahook_private.ingest_json_text(e.echo -> 'id') as external_id,
            wahook_private.ingest_epoch(e.echo -> 'timestamp') as wa_timestamp,
            case
                when t.echo_type in ('edit', 'revoke')
                    then wahook_private.ingest_json_text(e.echo -> t.echo_type -> 'original_message_id')
            end as context_wamid,
            case
                when t.echo_type = 'edit' then case
                    when pg_catalog.jsonb_typeof(e.echo #> '{edit,message}') = 'object'
                        and wahook_private.ingest_json_text(e.echo #> '{edit,message,type}') ~ '^[a-z_]{1,64}$'
                        then pg_catalog.jsonb_build_object(
                            'type', e.echo #>> '{edit,message,type}',
                            e.echo #>> '{edit,message,type}',
                            e.echo #> '{edit,message}' -> (e.echo #>> '{edit,message,type}')
                        )
                end
                when t.echo_type <> 'revoke' then pg_catalog.jsonb_strip_nulls(
                    pg_catalog.jsonb_build_object('type', t.echo_type, t.echo_type, e.echo -> t.echo_type)
                )
            end as item
        from pg_catalog.unnest(p_items) as i
        cross join lateral pg_catalog.jsonb_array_elements(
            case
                when pg_catalog.jsonb_typeof(i.item -> 'message_echoes') = 'array' then i.item -> 'message_echoes'
                else '[]'
            end
        ) with ordinality as e (echo, ord)
        cross join lateral (
            select wahook_private.ingest_json_text(e.echo -> 'type') as echo_type
        ) as t
        cross join lateral (
            select
                coalesce(
                    wahook_private.ingest_json_text(e.echo -> 'to'),
                    wahook_private.ingest_json_text(e.echo -> 'to_user_id')
                ) as customer_id,
                wahook_private.ingest_json_text(e.echo -> 'to') as to_wa_id,
                wahook_private.ingest_json_text(e.echo -> 'to_user_id') as to_user_id
        ) as r
        where i.kind = 'event'
            and i.field = 'smb_message_echoes'
            and i.phone_number_id is not null
            and r.customer_id is not null
            and pg_catalog.length(wahook_private.ingest_json_text(e.echo -> 'id')) between 1 and 512
            and t.echo_type ~ '^[a-z_]{1,64}$'
    ) as x;

    if v_echoes is null then
        return 0;
    end if;

    -- The lock order of ingest: every conversation of the batch, the echoes' and the messages',
    -- locked (or made, as a message or an echo makes one) in one pass in conversation_id order, as
    -- the upsert of ingest_bodies takes them; that upsert then only finds them locked already. A
    -- business may write first: its echo makes the conversation. phone_number_id and customer_id
    -- are the batch's first, as that upsert keeps them.
    insert into wahook_private.webhook_conversations as c (
        conversation_id, phone_number_id, customer_id, customer_wa_id, customer_user_id, display_phone_number,
        state, available_at, created_at, updated_at, state_changed_at
    )
    select distinct on (x.conversation_id)
        x.conversation_id, x.phone_number_id, x.customer_id, x.customer_wa_id, x.customer_user_id,
        x.display_phone_number, 'idle', v_now, v_now, v_now, v_now
    from (
        select e.* from pg_catalog.unnest(v_echoes) as e
        union all
        select i.* from pg_catalog.unnest(p_items) as i
        where i.kind = 'message' and (i.customer_wa_id is not null or i.customer_user_id is not null)
    ) as x
    order by x.conversation_id, x.body_index, x.item_index
    on conflict (conversation_id) do update
    set updated_at = excluded.updated_at;

    with stored as (
        insert into wahook_private.outbound_messages as o (
            conversation_id, phone_number_id, recipient, author, body, status, wamid, attempt_count,
            next_attempt_at, created_at, sent_at, updated_at
        )
        select x.conversation_id, x.phone_number_id, x.customer_id, 'whatsapp business app',
            wahook_private.graph_message(x.customer_id, x.item),
            'sent', x.external_id, 0, v_now, v_now, coalesce(x.wa_timestamp, v_now), v_now
        from pg_catalog.unnest(v_echoes) as x
        where x.item_type not in ('edit', 'revoke') and x.item is not null
        order by x.conversation_id, x.body_index, x.item_index
        on conflict on constraint outbound_wamid_is_unique_in_conversation do nothing
        returning o.conversation_id, o.id
    )

    select pg_catalog.array_agg(s.conversation_id order by s.id), pg_catalog.array_agg(s.id order by s.id)
    into v_stored_conversations, v_stored_ids
    from stored as s;

    if v_stored_ids is not null then
        perform wahook_private.remember_human_messages(v_stored_conversations, v_stored_ids);
    end if;

    -- Edits and revokes of echoed messages; the latest of the batch for each message wins.
    with latest as (
        select distinct on (x.conversation_id, x.context_wamid) x.*
        from pg_catalog.unnest(v_echoes) as x
        where x.item_type in ('edit', 'revoke') and x.context_wamid is not null
            and (x.item_type = 'revoke' or x.item is not null)
        order by x.conversation_id, x.context_wamid, x.wa_timestamp desc nulls last, x.body_index desc, x.item_index desc
    ),

    changed as (
        update wahook_private.outbound_messages as o
        set body = case
                when l.item_type = 'edit' then (o.body - (o.body ->> 'type')) || l.item
                else o.body - (o.body ->> 'type')
            end,
            edited_at = case when l.item_type = 'edit' then v_now else o.edited_at end,
            revoked_at = case when l.item_type = 'revoke' then v_now else o.revoked_at end,
            updated_at = v_now
        from latest as l
        where o.conversation_id = l.conversation_id
            and o.wamid = l.context_wamid
            and o.author is not null
            and o.revoked_at is null
        returning o.conversation_id, o.id, o.body, l.item_type as echo_type
    ),

    forgotten as (
        delete from wahook_private.agent_contexts as a
        using changed as c
        where c.echo_type = 'revoke' and a.conversation_id = c.conversation_id and a.outbound_id = c.id
        returning a.id
    ),

    rewritten as (
        update wahook_private.agent_contexts as a
        set content = r.content,
            token_count = wahook_private.estimate_tokens(r.content)
        from changed as c
        cross join lateral (select wahook_private.outbound_reads_as(c.body) as content) as r
        where c.echo_type = 'edit' and a.conversation_id = c.conversation_id and a.outbound_id = c.id
        returning a.id
    )

    select pg_catalog.array_agg(distinct c.conversation_id)
    into v_changed
    from changed as c;

    -- Takeover: the conversations a person just wrote in (new echoes, applied edits or revokes).
    select pg_catalog.array_agg(distinct u.conversation_id)
    into v_taken
    from (
        select pg_catalog.unnest(coalesce(v_stored_conversations, '{}') || coalesce(v_changed, '{}')) as conversation_id
    ) as u;

    if v_taken is null then
        return 0;
    end if;

    perform wahook_private.note_human_activity(v_taken);

    for v_conversation in
        select c.conversation_id
        from wahook_private.webhook_conversations as c
        where c.conversation_id = any(v_taken) and c.state <> 'paused'
        order by c.conversation_id
    loop
        perform wahook_private.enter_pause(
            v_conversation.conversation_id, 'takeover: the business wrote in the WhatsApp Business app',
            'whatsapp business app'
        );
        perform wahook_private.note_pause(
            v_conversation.conversation_id, 'takeover', 'the business wrote in the WhatsApp Business app'
        );
    end loop;

    return pg_catalog.cardinality(v_taken);
end
$$;

comment on function wahook_private.ingest_echoes(wahook_private.ingest_item []) is
'Ingest helper: stores the coexistence echoes (value.message_echoes[] of smb_message_echoes changes) among p_items as people''s messages (author ''whatsapp business app'', status sent, the echo''s wamid, once per wamid) of the conversation of (phone_number_id, to, else to_user_id), made when missing; remembers them as what the business said; applies echoed edits and revokes to the echoes they name (text replaced, or removed with revoked_at set, in the outbox and the memory); and pauses each conversation that got any of these for the agent (takeover), or restarts its quiet time when already paused. Takes (locks, or makes) every conversation of the batch in key order first. Never gives an echo to the agent. Returns how many conversations a person wrote in. Never raises on the shape of an echo (one without a recipient, id or type is left as the business event it is).';
