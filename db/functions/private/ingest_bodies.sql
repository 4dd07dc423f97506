-- Ingest of a batch of webhook bodies, set-based: the one home of the ingest rules, behind
-- wahook.process_message (a batch of one body) and wahook.ingest_inbox (a batch of inbox bodies).
-- The result is exactly that of ingesting the bodies one after another in array order, in a
-- handful of statements for the whole batch instead of a few per item:
--   every body parsed once (ingest_items) into an array of wahook_private.ingest_item;
--   one insert of webhook_events rows, one of business_events;
--   one upsert of the conversations that receive messages, in conversation_id order (the row locks);
--   one insert ... on conflict do nothing of the first delivery of each wamid, its returning
--   telling what was new (a wamid twice in the batch is accepted once, duplicate after);
--   one state transition of the idle conversations that got an accepted message;
--   the status wamid locks in (conversation_id, wamid) order, then one pass over the new statuses
--   (wahook_private.ingest_apply_statuses folds several statuses of one reply in order);
--   one NOTIFY when anything was accepted.
-- Locks come in the order process_message always documented: conversations by conversation_id,
-- then status wamids by (conversation_id, wamid), so concurrent batches and single bodies cannot
-- deadlock each other. Messages of one conversation get their arrival ids in body order, so the
-- per-conversation FIFO (wa_timestamp, then id) follows the batch order.
-- The bodies must have passed wahook_private.ingest_check_body (p_item_counts is its count).
create or replace function wahook_private.ingest_bodies(
    p_payloads jsonb [],
    p_correlation_ids text [],
    p_received_ats timestamptz [],
    p_item_counts integer []
)
returns table (
    body_index integer,
    item_index integer,
    kind text,
    external_id text,
    conversation_id bigint,
    outcome text
)
-- A batch holds hundreds of items, not the thousands the planner guesses from arrays: no JIT.
-- Generic plans, cached for the session: a custom plan of these statements would be planned anew
-- on every call (the arrays change every time), which cost more than executing them.
language plpgsql set jit = off set plan_cache_mode = force_generic_plan set search_path = ''
as $$
#variable_conflict use_column
declare
    v_now timestamptz := wahook_private.clock_now();
    v_agent_types text [];
    v_event_ids bigint [];
    v_items wahook_private.ingest_item [];
    v_conversation_ids bigint [];
    v_conversation_states text [];
    v_message_positions bigint [];
    v_message_outcomes text [];
    v_pending_ids bigint [];
    v_pending_correlation_ids text [];
    v_status_positions bigint [];
    v_status_outcomes text [];
    v_apply_positions bigint [];
    v_apply_conversation_ids bigint [];
    v_apply_outbound_ids bigint [];
    v_apply_statuses text [];
    v_apply_timestamps timestamptz [];
    v_apply_errors jsonb [];
    v_apply_outcomes text [];
begin
    if coalesce(pg_catalog.cardinality(p_payloads), 0) = 0 then
        return;
    end if;

    select s.agent_message_types into strict v_agent_types from wahook_private.settings as s;

    -- Identity values follow the insert's order: the i-th smallest id is the i-th body's event.
    with inserted as (
        insert into wahook_private.webhook_events (received_at, correlation_id, payload, item_count)
        select p_received_ats[b.i], p_correlation_ids[b.i], b.payload, p_item_counts[b.i]
        from pg_catalog.unnest(p_payloads) with ordinality as b (payload, i)
        order by b.i
        returning id
    )

    select pg_catalog.array_agg(inserted.id order by inserted.id) into v_event_ids from inserted;

    select pg_catalog.array_agg(row(it.*)::wahook_private.ingest_item order by it.body_index, it.item_index)
    into v_items
    from wahook_private.ingest_items(p_payloads) as it;

    insert into wahook_private.business_events (
        event_id, kind, field, waba_id, phone_number_id, payload, received_at, correlation_id
    )
    select
        v_event_ids[i.body_index], i.kind, i.field, i.waba_id, i.phone_number_id, i.item,
        p_received_ats[i.body_index], p_correlation_ids[i.body_index]
    from pg_catalog.unnest(v_items) as i
    where i.kind in ('event', 'error')
    order by i.body_index, i.item_index;

    perform wahook_private.ingest_echoes(v_items);

    -- Conversations: one upsert row per conversation, equal to upserting it body after body. Each
    -- body upserts with its first message of the conversation (by WhatsApp time, then position), and
    -- a later body's non-null values replace earlier ones: so the last non-null value of each
    -- column across the bodies. phone_number_id and customer_id are never updated: the first body's.
    with messages as (
        select i.* from pg_catalog.unnest(v_items) as i where i.kind = 'message'
    ),

    firsts as (
        select distinct on (m.conversation_id, m.body_index) m.*
        from messages as m
        order by m.conversation_id, m.body_index, m.wa_timestamp, m.item_index
    ),

    conversations as (
        select
            f.conversation_id,
            (pg_catalog.array_agg(f.phone_number_id order by f.body_index))[1] as phone_number_id,
            (pg_catalog.array_agg(f.customer_id order by f.body_index))[1] as customer_id,
            (pg_catalog.array_agg(f.customer_wa_id order by f.body_index desc)
                filter (where f.customer_wa_id is not null))[1] as customer_wa_id,
            (pg_catalog.array_agg(f.customer_user_id order by f.body_index desc)
                filter (where f.customer_user_id is not null))[1] as customer_user_id,
            (pg_catalog.array_agg(f.display_phone_number order by f.body_index desc)
                filter (where f.display_phone_number is not null))[1] as display_phone_number,
            (pg_catalog.array_agg(f.profile_name order by f.body_index desc)
                filter (where f.profile_name is not null))[1] as profile_name,
            (
                select pg_catalog.max(m.wa_timestamp) from messages as m
                where m.conversation_id = f.conversation_id
            ) as last_inbound_at
        from firsts as f
        group by f.conversation_id
    ),

    upserted as (
        insert into wahook_private.webhook_conversations as c (
            conversation_id, phone_number_id, customer_id, customer_wa_id, customer_user_id,
            display_phone_number, profile_name, state, available_at, last_inbound_at, created_at,
            updated_at, state_changed_at
        )
        select
            v.conversation_id, v.phone_number_id, v.customer_id, v.customer_wa_id, v.customer_user_id,
            v.display_phone_number, v.profile_name, 'idle', v_now, v.last_inbound_at, v_now, v_now, v_now
        from conversations as v
        order by v.conversation_id
        on conflict (conversation_id) do update
        set customer_wa_id = coalesce(excluded.customer_wa_id, c.customer_wa_id),
            customer_user_id = coalesce(excluded.customer_user_id, c.customer_user_id),
            display_phone_number = coalesce(excluded.display_phone_number, c.display_phone_number),
            profile_name = coalesce(excluded.profile_name, c.profile_name),
            last_inbound_at = greatest(c.last_inbound_at, excluded.last_inbound_at),
            updated_at = v_now
        returning c.conversation_id, c.state
    )

    select pg_catalog.array_agg(u.conversation_id), pg_catalog.array_agg(u.state)
    into v_conversation_ids, v_conversation_states
    from upserted as u;

    -- Messages: the first delivery of each wamid in batch order is inserted; on conflict (stored
    -- before) it is a duplicate, and so is every later delivery in the batch.
    with messages as (
        select
            i.*,
            i.ordinality as position,
            pg_catalog.row_number() over (
                partition by i.conversation_id, i.external_id order by i.body_index, i.wa_timestamp, i.item_index
            ) as delivery
        from pg_catalog.unnest(v_items) with ordinality as i
        where i.kind = 'message'
    ),

    inserted as (
        insert into wahook_private.processed_webhook_messages as pm (
            conversation_id, wamid, event_id, message_type, wa_timestamp, received_at, text_body,
            context_wamid, payload, status, correlation_id
        )
        select
            m.conversation_id, m.external_id, v_event_ids[m.body_index], m.item_type, m.wa_timestamp,
            p_received_ats[m.body_index], m.text_body, m.context_wamid, m.item,
            case when m.item_type = any(v_agent_types) then 'pending' else 'ignored' end,
            p_correlation_ids[m.body_index]
        from messages as m
        where m.delivery = 1
        order by m.conversation_id, m.body_index, m.wa_timestamp, m.item_index
        on conflict on constraint wamid_is_unique_in_conversation do nothing
        returning pm.conversation_id, pm.wamid
    ),

    outcomes as (
        select
            m.position,
            m.conversation_id,
            m.body_index,
            m.wa_timestamp,
            m.item_index,
            case
                when n.wamid is null then 'duplicate'
                when m.item_type = any(v_agent_types) then 'accepted'
                else 'ignored'
            end as outcome
        from messages as m
        left join inserted as n
            on m.delivery = 1 and m.conversation_id = n.conversation_id and m.external_id = n.wamid
    ),

    pending as (
        -- Only an idle conversation becomes pending, once, with the correlation id of the body of its
        -- first accepted message; pending, processing, retry_wait and paused ones take the messages
        -- in their next turn.
        select
            o.conversation_id,
            (pg_catalog.array_agg(
                p_correlation_ids[o.body_index] order by o.body_index, o.wa_timestamp, o.item_index
            ))[1] as correlation_id
        from outcomes as o
        inner join unnest(v_conversation_ids, v_conversation_states) as s (conversation_id, state)
            on o.conversation_id = s.conversation_id
        where o.outcome = 'accepted' and s.state = 'idle'
        group by o.conversation_id
    )

    select
        (select pg_catalog.array_agg(o.position order by o.position) from outcomes as o),
        (select pg_catalog.array_agg(o.outcome order by o.position) from outcomes as o),
        (select pg_catalog.array_agg(p.conversation_id order by p.conversation_id) from pending as p),
        (select pg_catalog.array_agg(p.correlation_id order by p.conversation_id) from pending as p)
    into v_message_positions, v_message_outcomes, v_pending_ids, v_pending_correlation_ids;

    perform wahook_private.ingest_media(v_items, v_message_positions, v_message_outcomes, v_now);

    if v_pending_ids is not null then
        perform wahook_private.transition_conversations(
            v_pending_ids, 'idle', 'pending', 'message received', 'process_message', null, v_pending_correlation_ids
        );
        update wahook_private.webhook_conversations as c
        set available_at = wahook_private.next_turn_at(c.recent_turn_started_at)
        where c.conversation_id = any(v_pending_ids);
    end if;

    perform wahook_private.apply_message_changes(v_items, v_message_positions, v_message_outcomes);

    -- Statuses of outbound messages: once per (wamid, status), under the wamid locks, taken in
    -- (conversation_id, wamid) order. Body after body, and within a body by wamid, then rank.
    perform wahook_private.ingest_lock_outbound_wamid(k.conversation_id, k.external_id)
    from (
        select distinct i.conversation_id, i.external_id
        from pg_catalog.unnest(v_items) as i
        where i.kind = 'status'
        order by i.conversation_id, i.external_id
    ) as k;

    -- Replies whose send was ambiguous, named by the callback data these statuses echo, become sent
    -- with the status's wamid first, so the statuses below find them.
    perform wahook_private.settle_outbound_by_callback(v_items);

    with statuses as (
        select
            i.*,
            i.ordinality as position,
            pg_catalog.row_number() over (
                order by i.body_index, i.conversation_id, i.external_id, wahook_private.ingest_status_rank(i.item_type),
                    i.wa_timestamp, i.item_index
            ) as seq,
            pg_catalog.row_number() over (
                partition by i.conversation_id, i.external_id, i.item_type
                order by i.body_index, i.wa_timestamp, i.item_index
            ) as delivery
        from pg_catalog.unnest(v_items) with ordinality as i
        where i.kind = 'status'
    ),

    -- Materialized: inlined into the aggregates below, its two lookups ran once per reference.
    judged as materialized (
        select
            s.*,
            s.delivery = 1 and not exists (
                select from wahook_private.outbound_status_events as e
                where e.conversation_id = s.conversation_id and e.wamid = s.external_id and e.status = s.item_type
            ) as is_new,
            (
                select o.id from wahook_private.outbound_messages as o
                where o.conversation_id = s.conversation_id and o.wamid = s.external_id
            ) as outbound_id
        from statuses as s
    )

    select
        pg_catalog.array_agg(j.position order by j.seq),
        pg_catalog.array_agg(case when j.is_new then 'unmatched' else 'duplicate' end order by j.seq),
        pg_catalog.array_agg(j.position order by j.seq) filter (where j.is_new and j.outbound_id is not null),
        pg_catalog.array_agg(j.conversation_id order by j.seq) filter (where j.is_new and j.outbound_id is not null),
        pg_catalog.array_agg(j.outbound_id order by j.seq) filter (where j.is_new and j.outbound_id is not null),
        pg_catalog.array_agg(j.item_type order by j.seq) filter (where j.is_new and j.outbound_id is not null),
        pg_catalog.array_agg(j.wa_timestamp order by j.seq) filter (where j.is_new and j.outbound_id is not null),
        pg_catalog.array_agg(j.item -> 'errors' order by j.seq) filter (where j.is_new and j.outbound_id is not null)
    into v_status_positions, v_status_outcomes, v_apply_positions, v_apply_conversation_ids, v_apply_outbound_ids,
        v_apply_statuses, v_apply_timestamps, v_apply_errors
    from judged as j;

    if v_apply_positions is not null then
        v_apply_outcomes := wahook_private.ingest_apply_statuses(
            v_apply_conversation_ids, v_apply_outbound_ids, v_apply_statuses, v_apply_timestamps, v_apply_errors
        );
        select pg_catalog.array_agg(coalesce(a.outcome, s.outcome) order by s.n)
        into v_status_outcomes
        from unnest(v_status_positions, v_status_outcomes) with ordinality as s (position, outcome, n)
        left join unnest(v_apply_positions, v_apply_outcomes) as a (position, outcome) on s.position = a.position;
    end if;

    if v_status_positions is not null then
        insert into wahook_private.outbound_status_events (
            conversation_id, wamid, status, wa_timestamp, errors, payload, event_id, outcome, received_at,
            applied_at, correlation_id
        )
        select
            i.conversation_id, i.external_id, i.item_type, i.wa_timestamp,
            case when pg_catalog.jsonb_typeof(i.item -> 'errors') = 'array' then i.item -> 'errors' end,
            i.item, v_event_ids[i.body_index], s.outcome, p_received_ats[i.body_index],
            case when s.outcome = 'applied' then v_now end, p_correlation_ids[i.body_index]
        from unnest(v_status_positions, v_status_outcomes) with ordinality as s (position, outcome, n)
        -- A join rather than (v_items[position]).*, which fetched the item once per column.
        inner join pg_catalog.unnest(v_items) with ordinality as i on s.position = i.ordinality
        where s.outcome <> 'duplicate'
        order by s.n;
    end if;

    -- Duplicate messages per body (statuses seen before are not counted, as before).
    update wahook_private.webhook_events as w
    set duplicate_count = d.duplicates
    from (
        select i.body_index, pg_catalog.count(*)::integer as duplicates
        from unnest(v_message_positions, v_message_outcomes) as m (position, outcome)
        inner join pg_catalog.unnest(v_items) with ordinality as i on m.position = i.ordinality
        where m.outcome = 'duplicate'
        group by i.body_index
    ) as d
    where w.id = v_event_ids[d.body_index];

    if 'accepted' = any(v_message_outcomes) then
        perform pg_catalog.pg_notify('wahook_ready', '');
    end if;

    return query
    select
        i.body_index,
        i.item_index,
        i.kind,
        i.external_id,
        i.conversation_id,
        coalesce(m.outcome, s.outcome, 'ignored')
    from pg_catalog.unnest(v_items) with ordinality as i
    left join unnest(v_message_positions, v_message_outcomes) as m (position, outcome) on i.ordinality = m.position
    left join unnest(v_status_positions, v_status_outcomes) as s (position, outcome) on i.ordinality = s.position
    order by i.ordinality;
end
$$;

comment on function wahook_private.ingest_bodies(jsonb [], text [], timestamptz [], integer []) is
'Ingest helper, the rules of wahook.process_message for a batch: ingests p_payloads (each already checked by wahook_private.ingest_check_body, with its count in p_item_counts) with p_correlation_ids[i] and receipt time p_received_ats[i], exactly as ingesting them one after another in array order would, in one set-based pass. Returns one row per item, by body then item order: (body_index from 1, item_index from 1, kind, external_id, conversation_id, outcome) with the kinds and outcomes of process_message. Raises what a body that did not pass the check makes ingest_items raise.';
