-- Ingest of one webhook body, in one short transaction: the raw body is kept, every item gets one
-- result row. Messages: the conversation is upserted and locked, the wamid deduplicated by the
-- unique key, agent-bound types queued (an idle conversation becomes pending under the
-- turns-per-minute limit). Statuses: recorded once per (wamid, status) and applied forward only to
-- the outbox, or kept unmatched until wahook.record_outbound_sent. Errors and other changes: kept
-- in business_events.
-- Locks are taken in one order for any body: conversation rows by conversation_id, then the wamid
-- locks of statuses by (conversation_id, wamid), so concurrent bodies cannot deadlock each other.
-- The rules live in wahook_private.ingest_bodies (a batch of one body here), which
-- wahook.ingest_inbox runs over many bodies at once.
create or replace function wahook.process_message(p_payload jsonb, p_correlation_id text default null)
returns table (kind text, external_id text, conversation_id bigint, outcome text)
-- A body has a handful of items, not the thousands the planner guesses from JSON arrays: no JIT.
language plpgsql security definer set jit = off set search_path = ''
as $$
declare
    v_item_count integer;
begin
    v_item_count := wahook_private.ingest_check_body(p_payload);
    return query
    select r.kind, r.external_id, r.conversation_id, r.outcome
    from wahook_private.ingest_bodies(
        array[p_payload], array[p_correlation_id], array[wahook_private.clock_now()], array[v_item_count]
    ) as r
    order by r.item_index;
end
$$;

comment on function wahook.process_message(jsonb, text) is
'Ingests one WhatsApp webhook body in one transaction and returns one row per item in body order: (kind, external_id, conversation_id, outcome). kind message (external_id the wamid): accepted (queued for the agent; an idle conversation becomes pending, NOTIFY wahook_ready), ignored (a type not in settings.agent_message_types, recorded), duplicate (wamid already stored in its conversation). A customer''s edit or revoke (type edit or revoke, ignored) changes the message it names in the same conversation, now or when that arrives (wahook_private.apply_message_changes): a message not yet answered reads the new text or is skipped, a turn in flight with it is abandoned to be answered anew, and memory (get_context_window) and quotes of it follow. kind status (external_id the outbound wamid): applied, stale (behind the current status), unmatched (wamid not sent yet; applied by record_outbound_sent), duplicate (same wamid and status seen). kind error (a value.errors entry, external_id its code) and kind event (any change other than messages, external_id its field): ignored, kept in business_events. The body is kept in webhook_events with p_correlation_id. Raises WH001 (nothing stored) when the body is not a WhatsApp Business Account notification of the expected shape.';
