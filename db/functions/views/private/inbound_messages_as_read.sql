-- Each inbound message with what the agent reads of it, the one place the inputs of
-- wahook_private.message_reads_as are gathered (its type and extracted text, what it quotes, what
-- became of its media): the claim hands `reads_as` to the worker, turn completion stores it as the
-- message's memory, a customer's edit rebuilds that memory from it, and wahook_private.quoted_text
-- quotes `reads_as_unquoted` (quotes do not nest).
-- A view over the message and its media row (by key): a query that reads it by conversation and
-- state plans it as that join, and computes only the columns it names.
create or replace view wahook_private.inbound_messages_as_read as
select
    m.conversation_id,
    m.id,
    m.wamid,
    m.message_type,
    m.wa_timestamp,
    m.context_wamid,
    m.payload,
    m.status,
    m.attempt_count,
    m.lease_token,
    m.correlation_id,
    m.revoked_at,
    f.media_kind,
    f.status as media_status,
    f.mime_type as media_mime_type,
    wahook_private.message_reads_as(
        m.message_type, m.text_body, wahook_private.quoted_text(m.conversation_id, m.context_wamid),
        f.media_text, f.status = 'failed'
    ) as reads_as,
    wahook_private.message_reads_as(m.message_type, m.text_body, null, f.media_text, f.status = 'failed')
        as reads_as_unquoted
from wahook_private.processed_webhook_messages as m
left join wahook_private.inbound_media as f on m.conversation_id = f.conversation_id and m.id = f.message_id;

comment on view wahook_private.inbound_messages_as_read is
'Each inbound message (processed_webhook_messages) with its media row''s state and what the agent reads of it: reads_as (wahook_private.message_reads_as with what it quotes, wahook_private.quoted_text, and its media''s text or failure) and reads_as_unquoted (the same without the quote, which is what a quote of it shows).';
comment on column wahook_private.inbound_messages_as_read.conversation_id is 'The conversation.';
comment on column wahook_private.inbound_messages_as_read.id is 'The message (with conversation_id, its key).';
comment on column wahook_private.inbound_messages_as_read.wamid is 'Its WhatsApp message id.';
comment on column wahook_private.inbound_messages_as_read.message_type is 'Its WhatsApp type.';
comment on column wahook_private.inbound_messages_as_read.wa_timestamp is 'Its WhatsApp time.';
comment on column wahook_private.inbound_messages_as_read.context_wamid is 'The wamid it quotes, if any.';
comment on column wahook_private.inbound_messages_as_read.payload is 'The message object as received (null past payload retention).';
comment on column wahook_private.inbound_messages_as_read.status is 'Its state (processed_webhook_messages.status).';
comment on column wahook_private.inbound_messages_as_read.attempt_count is 'Failed tries so far.';
comment on column wahook_private.inbound_messages_as_read.lease_token is 'The fencing token of the turn processing it.';
comment on column wahook_private.inbound_messages_as_read.correlation_id is 'Request id of the webhook body it came in.';
comment on column wahook_private.inbound_messages_as_read.revoked_at is 'When the customer deleted it (null otherwise).';
comment on column wahook_private.inbound_messages_as_read.media_kind is 'Its media''s kind (image, sticker, document, audio, video), null without a media row.';
comment on column wahook_private.inbound_messages_as_read.media_status is 'Its media''s state (pending, fetching, fetched, failed), null without a media row.';
comment on column wahook_private.inbound_messages_as_read.media_mime_type is 'Its media''s mime type, null without a media row.';
comment on column wahook_private.inbound_messages_as_read.reads_as is 'What the agent reads of it (message_reads_as), its quote first.';
comment on column wahook_private.inbound_messages_as_read.reads_as_unquoted is 'What the agent reads of it without its quote: what a quote of it shows.';
