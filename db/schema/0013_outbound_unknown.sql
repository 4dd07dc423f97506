-- Replies whose send is unknown settle by time, or by hand.
-- An unknown reply (the Graph API call timed out after the request went out, or the sender died
-- mid-send) has no wamid: only Meta's answer tells it. Status webhooks name the wamid, and ingest
-- matches them to the outbox by (conversation_id, wamid) (wahook.process_message), so they can
-- never settle an unknown reply: its statuses are stored unmatched in outbound_status_events. As an
-- unknown reply holds back the later replies of its conversation (claim_outbound_messages), it
-- would hold them forever. So:
-- * cleanup_stuck_conversations fails unknown replies older than outbound_unknown_settle_seconds
--   (error code unconfirmed; never resent: a resend could answer twice) and the later replies go.
-- * wahook.resolve_outbound_message lets an operator settle one: sent, failed or resend.
-- An operator who saw a reply arrive marks it sent without a wamid, so sent no longer implies a
-- wamid when the row was resolved by hand (resolved_at).

alter table wahook_private.settings
add column outbound_unknown_settle_seconds integer not null default 900,
-- At least a minute: a late record_outbound_sent (the sender retrying while the database was
-- away) may still settle it first. At most a day: past the 24-hour customer-service window the
-- later replies it holds back cannot be sent anyway.
add constraint outbound_unknown_settle_is_sane check (outbound_unknown_settle_seconds between 60 and 86400);

comment on column wahook_private.settings.outbound_unknown_settle_seconds is
'A reply left unknown (its send may or may not have happened) this long after its last change fails with error code unconfirmed (cleanup_stuck_conversations), never resent, so that the later replies of its conversation go out. Status webhooks cannot settle an unknown reply: it has no wamid. 60 to 86400.';
comment on column wahook_private.settings.outbox_sending_timeout_seconds is
'A reply left in sending longer than this is marked unknown (never resent blindly; it settles after outbound_unknown_settle_seconds, or by hand with wahook.resolve_outbound_message).';

alter table wahook_private.outbound_messages
add column resolved_at timestamptz,
drop constraint sent_has_wamid,
add constraint sent_has_wamid_unless_confirmed_by_hand check (
    status not in ('sent', 'delivered', 'read', 'played')
    or wamid is not null
    or (status = 'sent' and resolved_at is not null)
);

comment on column wahook_private.outbound_messages.resolved_at is
'When an operator last settled the reply by hand (wahook.resolve_outbound_message); null otherwise. A reply an operator marked sent may have no wamid.';
comment on table wahook_private.outbound_messages is
'The outbox of replies: queued, sending (held by a sender), sent (Meta returned a wamid, or an operator confirmed it), delivered, read, played, failed (errors kept), unknown (the send may or may not have happened; it has no wamid, so no status webhook settles it: it fails as unconfirmed after settings.outbound_unknown_settle_seconds, or an operator resolves it).';
