-- Ingest of one webhook body, in one short transaction: the raw body is kept, every item gets one
-- result row. Messages: the conversation is upserted and locked, the wamid deduplicated by the
-- unique key, agent-bound types queued (an idle conversation becomes pending under the
-- turns-per-minute limit). Statuses: recorded once per (wamid, status) and applied forward only to
-- the outbox, or kept unmatched until wahook.record_outbound_sent. Errors and other changes: kept
-- in business_events.
-- Locks are taken in one order for any body: conversation rows by conversation_id, then the wamid
-- locks of statuses by (conversation_id, wamid), so concurrent bodies cannot deadlock each other.
create or replace function wahook.process_message(p_payload jsonb, p_correlation_id text default null)
returns table (kind text, external_id text, conversation_id bigint, outcome text)
language plpgsql
security definer
-- A body has a handful of items, not the thousands the planner guesses from JSON arrays: no JIT.
set jit = off
set search_path = ''
as $$
#variable_conflict use_column
declare
    v_now timestamptz := wahook_private.clock_now();
    v_item_count integer;
    v_event_id bigint;
    v_agent_types text [];
    v_item record;
    v_locked_conversation bigint;
    v_state text;
    v_message_status text;
    v_outbound_id bigint;
    v_outcome text;
    v_duplicate_count integer := 0;
    v_notify boolean := false;
    v_indexes integer [] := '{}'::integer [];
    v_kinds text [] := '{}'::text [];
    v_external_ids text [] := '{}'::text [];
    v_conversation_ids bigint [] := '{}'::bigint [];
    v_outcomes text [] := '{}'::text [];
begin
    v_item_count := wahook_private.ingest_check_body(p_payload);

    select s.agent_message_types into strict v_agent_types from wahook_private.settings as s;

    insert into wahook_private.webhook_events (received_at, correlation_id, payload, item_count)
    values (v_now, p_correlation_id, p_payload, v_item_count)
    returning id into v_event_id;

    for v_item in
        select
            i.*,
            pg_catalog.max(i.wa_timestamp) over (partition by i.kind, i.conversation_id) as last_inbound_at
        from wahook_private.ingest_items(p_payload) as i
        order by
            case i.kind when 'message' then 2 when 'status' then 3 else 1 end,
            i.conversation_id,
            case when i.kind = 'status' then i.external_id end,
            case when i.kind = 'status' then wahook_private.ingest_status_rank(i.item_type) end,
            i.wa_timestamp,
            i.item_index
    loop
        if v_item.kind in ('event', 'error') then
            insert into wahook_private.business_events (
                event_id, kind, field, waba_id, phone_number_id, payload, received_at, correlation_id
            ) values (
                v_event_id, v_item.kind, v_item.field, v_item.waba_id, v_item.phone_number_id, v_item.item, v_now,
                p_correlation_id
            );
            v_outcome := 'ignored';

        elsif v_item.kind = 'message' then
            -- The first message of a conversation locks its row (created if new) for the rest of
            -- the transaction; items come sorted by conversation, so each is locked once, in order.
            if v_locked_conversation is distinct from v_item.conversation_id then
                insert into wahook_private.webhook_conversations as c (
                    conversation_id, phone_number_id, customer_id, customer_wa_id, customer_user_id,
                    display_phone_number, profile_name, state, available_at, last_inbound_at, created_at,
                    updated_at, state_changed_at
                ) values (
                    v_item.conversation_id, v_item.phone_number_id, v_item.customer_id, v_item.customer_wa_id,
                    v_item.customer_user_id, v_item.display_phone_number, v_item.profile_name, 'idle', v_now,
                    v_item.last_inbound_at, v_now, v_now, v_now
                )
                on conflict (conversation_id) do update
                set customer_wa_id = coalesce(excluded.customer_wa_id, c.customer_wa_id),
                    customer_user_id = coalesce(excluded.customer_user_id, c.customer_user_id),
                    display_phone_number = coalesce(excluded.display_phone_number, c.display_phone_number),
                    profile_name = coalesce(excluded.profile_name, c.profile_name),
                    last_inbound_at = greatest(c.last_inbound_at, excluded.last_inbound_at),
                    updated_at = v_now
                returning c.state into v_state;
                v_locked_conversation := v_item.conversation_id;
            end if;

            v_message_status := case when v_item.item_type = any(v_agent_types) then 'pending' else 'ignored' end;
            insert into wahook_private.processed_webhook_messages (
                conversation_id, wamid, event_id, message_type, wa_timestamp, received_at, text_body,
                context_wamid, payload, status, correlation_id
            ) values (
                v_item.conversation_id, v_item.external_id, v_event_id, v_item.item_type, v_item.wa_timestamp, v_now,
                v_item.text_body, v_item.context_wamid, v_item.item, v_message_status, p_correlation_id
            )
            on conflict on constraint wamid_is_unique_in_conversation do nothing;

            if not found then
                v_outcome := 'duplicate';
                v_duplicate_count := v_duplicate_count + 1;
            elsif v_message_status = 'ignored' then
                v_outcome := 'ignored';
            else
                v_outcome := 'accepted';
                v_notify := true;
                -- Only an idle conversation becomes pending; pending, processing, retry_wait and
                -- paused ones take the message in their next turn.
                if v_state = 'idle' then
                    perform wahook_private.transition_conversation(
                        v_item.conversation_id, 'idle', 'pending', 'message received', 'process_message', null,
                        p_correlation_id
                    );
                    update wahook_private.webhook_conversations as c
                    set available_at = wahook_private.next_turn_at(c.recent_turn_started_at)
                    where c.conversation_id = v_item.conversation_id;
                    v_state := 'pending';
                end if;
            end if;

        else
            -- A status of an outbound message: once per (wamid, status), under the wamid lock.
            perform wahook_private.ingest_lock_outbound_wamid(v_item.conversation_id, v_item.external_id);
            if exists (
                select from wahook_private.outbound_status_events as e
                where e.conversation_id = v_item.conversation_id
                    and e.wamid = v_item.external_id
                    and e.status = v_item.item_type
            ) then
                v_outcome := 'duplicate';
            else
                select o.id into v_outbound_id
                from wahook_private.outbound_messages as o
                where o.conversation_id = v_item.conversation_id and o.wamid = v_item.external_id;
                if found then
                    v_outcome := wahook_private.ingest_apply_status(
                        v_item.conversation_id, v_outbound_id, v_item.item_type, v_item.wa_timestamp,
                        v_item.item -> 'errors'
                    );
                else
                    v_outcome := 'unmatched';
                end if;
                insert into wahook_private.outbound_status_events (
                    conversation_id, wamid, status, wa_timestamp, errors, payload, event_id, outcome, received_at,
                    applied_at, correlation_id
                ) values (
                    v_item.conversation_id, v_item.external_id, v_item.item_type, v_item.wa_timestamp,
                    case when pg_catalog.jsonb_typeof(v_item.item -> 'errors') = 'array' then v_item.item -> 'errors' end,
                    v_item.item, v_event_id, v_outcome, v_now, case when v_outcome = 'applied' then v_now end,
                    p_correlation_id
                );
            end if;
        end if;

        v_indexes := v_indexes || v_item.item_index;
        v_kinds := v_kinds || v_item.kind;
        v_external_ids := v_external_ids || v_item.external_id;
        v_conversation_ids := v_conversation_ids || v_item.conversation_id;
        v_outcomes := v_outcomes || v_outcome;
    end loop;

    if v_duplicate_count > 0 then
        update wahook_private.webhook_events as w
        set duplicate_count = v_duplicate_count
        where w.id = v_event_id;
    end if;

    if v_notify then
        perform pg_catalog.pg_notify('wahook_ready', '');
    end if;

    return query
    select r.kind, r.external_id, r.conversation_id, r.outcome
    -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
    from unnest(v_indexes, v_kinds, v_external_ids, v_conversation_ids, v_outcomes)
        as r (item_index, kind, external_id, conversation_id, outcome)
    order by r.item_index;
end
$$;

revoke all on function wahook.process_message(jsonb, text) from public;
grant execute on function wahook.process_message(jsonb, text) to wahook_service;

comment on function wahook.process_message(jsonb, text) is
'Ingests one WhatsApp webhook body in one transaction and returns one row per item in body order: (kind, external_id, conversation_id, outcome). kind message (external_id the wamid): accepted (queued for the agent; an idle conversation becomes pending, NOTIFY wahook_ready), ignored (a type not in settings.agent_message_types, recorded), duplicate (wamid already stored in its conversation). kind status (external_id the outbound wamid): applied, stale (behind the current status), unmatched (wamid not sent yet; applied by record_outbound_sent), duplicate (same wamid and status seen). kind error (a value.errors entry, external_id its code) and kind event (any change other than messages, external_id its field): ignored, kept in business_events. The body is kept in webhook_events with p_correlation_id. Raises WH001 (nothing stored) when the body is not a WhatsApp Business Account notification of the expected shape.';
