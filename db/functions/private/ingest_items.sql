-- Flattens bodies already checked by ingest_check_body into one row per result item, in body order
-- (entry, change, then messages, statuses, errors of a change), with everything ingest needs: the
-- conversation key (messages: the sender; statuses: the recipient), the WhatsApp time, the text.
-- Only casts what the check proved castable.
-- A whole batch in one call: one execution of this query parses every body, where a call per body
-- paid the executor start and the SQL helpers' set-up (conversation_key, ingest_text_body) for each
-- body again, about half a millisecond a body.
-- Its rows are of the type ingest_bodies keeps them in (db/schema/0012_set_based_ingest.sql), so
-- the columns are listed once.
create or replace function wahook_private.ingest_items(p_payloads jsonb [])
returns setof wahook_private.ingest_item
-- PL/pgSQL rather than SQL so that the session caches the plan of this query, and a generic plan:
-- a custom plan folds the whole body as a constant, planning it anew on every call (a millisecond).
-- The planner cannot know that a body holds a handful of items (it guesses 100 per JSON array,
-- multiplied through the laterals) and would JIT-compile this query: a second spent on a
-- millisecond's work.
language plpgsql immutable set plan_cache_mode = force_generic_plan set jit = off set search_path = ''
as $$
begin
    return query
    with changes as (
        select
            b.body_index,
            e.ord as entry_ord,
            c.ord as change_ord,
            wahook_private.ingest_json_text(e.entry -> 'id') as waba_id,
            c.change ->> 'field' as field,
            c.change -> 'value' as value,
            wahook_private.ingest_json_text(c.change #> '{value,metadata,phone_number_id}') as phone_number_id,
            wahook_private.ingest_json_text(c.change #> '{value,metadata,display_phone_number}')
                as display_phone_number
        from pg_catalog.unnest(p_payloads) with ordinality as b (payload, body_index)
        cross join lateral pg_catalog.jsonb_array_elements(b.payload -> 'entry') with ordinality as e (entry, ord)
        cross join lateral pg_catalog.jsonb_array_elements(e.entry -> 'changes') with ordinality as c (change, ord)
    ),
    arrays as (
        select
            ch.*,
            case when pg_catalog.jsonb_typeof(ch.value -> 'messages') = 'array' then ch.value -> 'messages' else '[]' end
                as messages,
            case when pg_catalog.jsonb_typeof(ch.value -> 'statuses') = 'array' then ch.value -> 'statuses' else '[]' end
                as statuses,
            case when pg_catalog.jsonb_typeof(ch.value -> 'errors') = 'array' then ch.value -> 'errors' else '[]' end
                as errors
        from changes as ch
        where ch.field = 'messages'
    ),
    items as (
        -- Changes other than messages, and messages changes that carry no item: one event each.
        select
            ch.body_index, ch.entry_ord, ch.change_ord, 0 as part, 0::bigint as ord, 'event' as kind, ch.field, ch.waba_id,
            ch.phone_number_id, ch.display_phone_number, ch.field as external_id, null::bigint as conversation_id,
            null::text as customer_id, null::text as customer_wa_id, null::text as customer_user_id,
            null::text as profile_name, null::text as item_type, null::timestamptz as wa_timestamp,
            null::text as text_body, null::text as context_wamid, ch.value as item
        from changes as ch
        where ch.field <> 'messages'
        union all
        select
            a.body_index, a.entry_ord, a.change_ord, 0, 0, 'event', a.field, a.waba_id, a.phone_number_id, a.display_phone_number,
            a.field, null, null, null, null, null, null, null, null, null, a.value
        from arrays as a
        where pg_catalog.jsonb_array_length(a.messages) + pg_catalog.jsonb_array_length(a.statuses)
            + pg_catalog.jsonb_array_length(a.errors) = 0
        union all
        select
            a.body_index, a.entry_ord, a.change_ord, 1, m.ord, 'message', a.field, a.waba_id, a.phone_number_id,
            a.display_phone_number, m.message ->> 'id',
            wahook_private.conversation_key(a.phone_number_id, s.customer_id),
            s.customer_id, s.customer_wa_id, s.customer_user_id, s.profile_name,
            m.message ->> 'type',
            wahook_private.ingest_epoch(m.message -> 'timestamp'),
            wahook_private.ingest_text_body(m.message),
            wahook_private.ingest_json_text(m.message #> '{context,id}'),
            m.message
        from arrays as a
        cross join lateral pg_catalog.jsonb_array_elements(a.messages) with ordinality as m (message, ord)
        cross join lateral wahook_private.ingest_message_sender(m.message, a.value -> 'contacts') as s
        union all
        select
            a.body_index, a.entry_ord, a.change_ord, 2, st.ord, 'status', a.field, a.waba_id, a.phone_number_id,
            a.display_phone_number, st.status ->> 'id',
            wahook_private.conversation_key(a.phone_number_id, r.recipient),
            r.recipient, null, null, null,
            pg_catalog.lower(st.status ->> 'status'),
            wahook_private.ingest_epoch(st.status -> 'timestamp'),
            null, null,
            st.status
        from arrays as a
        cross join lateral pg_catalog.jsonb_array_elements(a.statuses) with ordinality as st (status, ord)
        cross join lateral (
            select coalesce(
                wahook_private.ingest_json_text(st.status -> 'recipient_id'),
                wahook_private.ingest_json_text(st.status -> 'recipient_user_id')
            ) as recipient
        ) as r
        union all
        select
            a.body_index, a.entry_ord, a.change_ord, 3, er.ord, 'error', a.field, a.waba_id, a.phone_number_id,
            a.display_phone_number, wahook_private.ingest_json_text(er.error -> 'code'), null,
            null, null, null, null, null, null, null, null,
            er.error
        from arrays as a
        cross join lateral pg_catalog.jsonb_array_elements(a.errors) with ordinality as er (error, ord)
    )
    select
        i.body_index::integer,
        (pg_catalog.row_number() over (
            partition by i.body_index order by i.entry_ord, i.change_ord, i.part, i.ord
        ))::integer,
        i.kind, i.field, i.waba_id, i.phone_number_id, i.display_phone_number, i.external_id, i.conversation_id,
        i.customer_id, i.customer_wa_id, i.customer_user_id, i.profile_name, i.item_type, i.wa_timestamp,
        i.text_body, i.context_wamid, i.item
    from items as i
    order by i.body_index, i.entry_ord, i.change_ord, i.part, i.ord;
end
$$;

comment on function wahook_private.ingest_items(jsonb []) is
'Ingest helper: the items of bodies checked by ingest_check_body, one row each, by body (body_index from 1, the position in p_payloads) then in body order (item_index from 1): kind message (conversation of metadata.phone_number_id and the sender), status (conversation of the recipient; item_type the lowercased status), error (a value.errors entry; external_id its code) or event (any other change, external_id its field). Raises only on a body that ingest_check_body rejects.';
