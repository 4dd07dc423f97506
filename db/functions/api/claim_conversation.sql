-- The next ready conversation, leased with a new fencing token, with all its pending messages in
-- order (a burst is one turn): claim_conversations with a limit of one, so both follow the same
-- rules (claim_ready_conversations). Ready: pending or retry_wait whose available_at has come, or
-- processing whose lease expired (a crashed worker's turn is taken over at once: the lease is first
-- released as cleanup_stuck_conversations would, counting a failed attempt, then claimed as usual).
-- The claim decides the turn's correlation id, that of its newest message (claim_ready_conversations),
-- records it and returns it; p_correlation_id is only a fallback the caller need not pass.
create or replace function wahook.claim_conversation(
    p_worker text,
    p_lease_seconds integer default null,
    p_correlation_id text default null
)
returns table (
    conversation_id bigint,
    lease_token bigint,
    lease_expires_at timestamptz,
    phone_number_id text,
    customer_id text,
    customer_wa_id text,
    customer_user_id text,
    last_inbound_at timestamptz,
    messages jsonb,
    correlation_id text
)
language sql security definer set search_path = ''
as $$
    select c.conversation_id, c.lease_token, c.lease_expires_at, c.phone_number_id, c.customer_id,
        c.customer_wa_id, c.customer_user_id, c.last_inbound_at, c.messages, c.correlation_id
    from wahook.claim_conversations(p_worker, 1, p_lease_seconds, null, p_correlation_id) as c
$$;

comment on function wahook.claim_conversation(text, integer, text) is
'Claims the next ready conversation for worker p_worker: pending or retry_wait with available_at come, or processing with an expired lease (released first, counting a failed attempt). Takes a new fencing token and a lease of p_lease_seconds (default settings.lease_seconds), moves all its pending messages to processing, records the turn start for the turns-per-minute limit, inserts a running agent_turns row and marks their DLQ rows retrying. Paused conversations are never claimed. Returns one row (conversation_id, lease_token, lease_expires_at, phone_number_id, customer_id, customer_wa_id, customer_user_id, last_inbound_at, messages: a jsonb array of {id, wamid, type, text (what the agent reads of it: a text message its body, any other "[type]" or "[type] " followed by its caption, button or reply title, coordinates...), wa_timestamp, attempt (1 for the first try), payload, correlation_id (of the webhook that brought it), and for a media message recorded by the media fetch step media: {kind, status fetched or failed, mime_type} (its bytes: wahook.media_content)} in WhatsApp timestamp then arrival order, correlation_id: the turn''s), or no row when nothing is ready. A conversation whose media is still being fetched (wahook_private.unsettled_media) is not ready. Same as claim_conversations with p_limit 1 and no history. The turn''s correlation id (audit rows, agent_turns) is that of its newest message that carries one; p_correlation_id is only the fallback for a turn whose messages carry none (no need to pass it). Raises WH002 for an empty p_worker or a p_lease_seconds outside 1..86400.';
