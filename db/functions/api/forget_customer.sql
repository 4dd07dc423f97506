-- Erasure of one customer (a data-subject request): every row of the conversation of
-- (p_phone_number_id, p_customer_id) and the customer's items in the raw bodies.
-- * Per-conversation tables are deleted table by table, children first, so each count is reported
--   (the foreign keys would cascade anyway); outbound_status_events has no foreign key (a status
--   may come before its conversation) and is deleted by key.
-- * Raw bodies (webhook_events, webhook_inbox) may batch several customers: they are rewritten
--   without this customer's items (wahook_private.forget_customer_in_body), and deleted only when
--   nothing else is left. Finding them scans both tables (bounded by raw_event_retention_days and
--   the inbox's short life); strpos on the text is a cheap first filter before the JSON walk. An
--   inbox body not yet ingested is rewritten too, so ingesting it later cannot bring the data back.
-- * business_events of the business number whose payload mentions the customer (user
--   preferences, call events, errors naming the customer) are deleted.
-- * A conversation in processing is refused (WH050) rather than erased under a worker: the turn
--   would write its reply, contexts and audit rows back after the erasure. So is one with a reply
--   in sending (the reply may go out). Both end within lease_seconds or
--   outbox_sending_timeout_seconds; pausing the conversation first keeps new turns away.
-- Repeating the call is harmless: a forgotten customer has nothing left to erase.
create or replace function wahook.forget_customer(p_phone_number_id text, p_customer_id text)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
    v_conversation_id bigint;
    v_state text;
    v_counts jsonb := '{}';
    v_count integer;
    v_rewritten integer;
    v_deleted integer;
    v_prefilter boolean;
    v_table text;
begin
    if coalesce(p_phone_number_id, '') = '' or coalesce(p_customer_id, '') = '' then
        raise exception using
            errcode = 'WH002',
            message = 'forget_customer needs a phone_number_id and a customer id',
            hint = 'The customer id is the conversation''s customer_id (wa_id, or the business-scoped user id).';
    end if;
    v_conversation_id := wahook_private.conversation_key(p_phone_number_id, p_customer_id);

    -- The row lock keeps claims and ingest of this conversation out until the erasure commits.
    select c.state into v_state
    from wahook_private.webhook_conversations as c
    where c.conversation_id = v_conversation_id
    for update;
    if v_state = 'processing' then
        raise exception using
            errcode = 'WH050',
            message = pg_catalog.format('the conversation of customer %s is being processed', p_customer_id),
            hint = 'Retry once the turn ends (at most lease_seconds); pause the conversation first to keep new turns away.';
    end if;
    perform from wahook_private.outbound_messages as o
    where o.conversation_id = v_conversation_id
    for update;
    if exists (
        select from wahook_private.outbound_messages as o
        where o.conversation_id = v_conversation_id and o.status = 'sending'
    ) then
        raise exception using
            errcode = 'WH050',
            message = pg_catalog.format('a reply to customer %s is being sent', p_customer_id),
            hint = 'Retry once the send ends (at most outbox_sending_timeout_seconds).';
    end if;

    -- Children first; every one of these tables carries the conversation key.
    foreach v_table in array array[
        'webhook_dlq', 'message_state_transitions', 'agent_contexts', 'processed_webhook_messages',
        'outbound_status_events', 'outbound_messages', 'agent_turns', 'agent_sessions',
        'conversation_state_transitions', 'webhook_conversations'
    ] loop
        execute pg_catalog.format('delete from wahook_private.%I where conversation_id = $1', v_table)
        using v_conversation_id;
        get diagnostics v_count = row_count;
        v_counts := v_counts || pg_catalog.jsonb_build_object(v_table, v_count);
    end loop;

    -- JSON text escapes quotes, backslashes and control characters: an id holding one is not
    -- found by strpos, so it skips the first filter.
    v_prefilter := p_customer_id !~ '["\\[:cntrl:]]';

    -- The raw bodies, kept and waiting alike.
    foreach v_table in array array['webhook_events', 'webhook_inbox'] loop
        execute pg_catalog.format(
            $sql$
            with found as (
                select r.id, r.item_count, f.payload, f.removed_items
                from wahook_private.%1$I as r
                cross join lateral wahook_private.forget_customer_in_body(r.payload, $1, $2) as f
                where r.payload is not null
                    and (not $3 or pg_catalog.strpos(r.payload::text, $2) > 0)
                    and pg_catalog.strpos(r.payload::text, $1) > 0
                    and f.payload is distinct from r.payload
                for update of r
            ),
            rewritten as (
                update wahook_private.%1$I as r
                set payload = f.payload, item_count = greatest(f.item_count - f.removed_items, 0)
                from found as f
                where r.id = f.id and f.payload is not null
                returning r.id
            ),
            deleted as (
                delete from wahook_private.%1$I as r
                using found as f
                where r.id = f.id and f.payload is null
                returning r.id
            )
            select (select pg_catalog.count(*) from rewritten), (select pg_catalog.count(*) from deleted)
            $sql$,
            v_table
        )
        into v_rewritten, v_deleted
        using p_phone_number_id, p_customer_id, v_prefilter;
        v_counts := v_counts || pg_catalog.jsonb_build_object(
            v_table || '_rewritten', v_rewritten, v_table || '_deleted', v_deleted
        );
    end loop;

    delete from wahook_private.business_events as b
    where b.phone_number_id = p_phone_number_id
        and b.payload is not null
        and (not v_prefilter or pg_catalog.strpos(b.payload::text, p_customer_id) > 0)
        and wahook_private.json_mentions(b.payload, p_customer_id);
    get diagnostics v_count = row_count;
    v_counts := v_counts || pg_catalog.jsonb_build_object('business_events', v_count);

    return v_counts;
end
$$;

comment on function wahook.forget_customer(text, text) is
'Erases customer p_customer_id of business number p_phone_number_id (a data-subject request): deletes the conversation and all its rows (inbound messages and their audit rows, DLQ entries, agent contexts, turns and session, replies and their status events, conversation audit rows), business events of the number whose payload names the customer, and takes the customer''s items out of the raw bodies of webhook_events and webhook_inbox: a body that also carries other customers is rewritten without them, a body with nothing else left is deleted. Idempotent. Returns a jsonb object of counts per table (webhook_events_rewritten/_deleted, webhook_inbox_rewritten/_deleted for the raw bodies). Raises WH050 while the conversation is processing or a reply of it is sending (retry after the turn or send), WH002 for an empty argument.';
