-- Replies whose send is unknown settle by their status webhooks, or are sent again.
-- 0013 failed an unknown reply (a timeout, or a sender that died mid-send) after
-- outbound_unknown_settle_seconds without sending it: no status webhook could name it, as statuses
-- carry the wamid that only Meta's answer tells. Now every reply is sent with
-- biz_opaque_callback_data 'wahook:<conversation_id>:<outbound_id>' (claim_outbound_messages adds
-- it, wahook_private.outbound_callback_data makes it), which Meta echoes in the statuses of that
-- send (sent, delivered, read, failed). Ingest settles an unknown (or sending) reply named so as sent
-- with the status's wamid (wahook_private.settle_outbound_by_callback), then applies the status.
-- A reply that no status named within outbound_unknown_settle_seconds is queued again
-- (cleanup_stuck_conversations), while it has attempts left (settings.retry_max_attempts).
-- Why resending beats giving up: Meta sends a sent (or failed) status for every message it accepts,
-- within seconds, and retries that webhook when the endpoint does not answer 200. So after 15 minutes
-- without a status naming the reply, Meta almost surely never accepted the send; a resend answers
-- twice only if Meta accepted it and its status webhooks were all lost or held back longer than the
-- settle time (an endpoint down that long, with the sender still running), whereas giving up left
-- the customer without an answer every time the request was lost on its way in.
-- Only comments change: the column and its bounds are 0013's.

comment on column wahook_private.settings.outbound_unknown_settle_seconds is
'How long a reply whose send is unknown (a timeout after the request went out, or a sender that died mid-send) waits for a status webhook that names it by its callback data (biz_opaque_callback_data; such a status settles it as sent with its wamid). Past it, cleanup_stuck_conversations queues the reply again, while attempt_count <= retry_max_attempts (else it fails with error code unconfirmed), so the later replies of its conversation are not held back for ever. Default 900: Meta sends a sent or failed status within seconds of accepting a message and retries status webhooks the endpoint did not take, so a quarter of an hour without one means the send almost surely never happened; a resend answers twice only when Meta accepted the first send and no status of it arrived in this time (raise it if the endpoint may be down longer while senders run). 60 to 86400.';
comment on column wahook_private.settings.outbox_sending_timeout_seconds is
'A reply left in sending longer than this (its sender died or lost the database mid-send) is marked unknown by cleanup_stuck_conversations: a status webhook that names it by its callback data settles it as sent, otherwise it is sent again after outbound_unknown_settle_seconds.';
comment on table wahook_private.outbound_messages is
'The outbox of replies: queued, sending (held by a sender), sent (Meta returned a wamid, a status webhook named the reply by its callback data, or an operator confirmed it), delivered, read, played, failed (errors kept), unknown (the send may or may not have happened: a status webhook with its callback data settles it as sent; without one within settings.outbound_unknown_settle_seconds it is queued again, or fails as unconfirmed when out of attempts; an operator may resolve it sooner).';
