-- Replies leave through the outbox; status webhooks reconcile them by wamid.
create table wahook_private.outbound_messages (
    id bigint generated always as identity,
    conversation_id bigint not null references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    phone_number_id text not null,
    recipient text not null,
    lease_token bigint not null,
    body jsonb not null,
    status text not null default 'queued',
    wamid text,
    attempt_count integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    sender text,
    sending_expires_at timestamptz,
    errors jsonb not null default '[]',
    correlation_id text,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    delivered_at timestamptz,
    read_at timestamptz,
    failed_at timestamptz,
    updated_at timestamptz not null default now(),
    -- When an operator settled the reply by hand (wahook.resolve_outbound_message): an unknown reply
    -- has no wamid, only Meta's answer tells it, so an operator who saw a reply arrive marks it sent
    -- without one.
    resolved_at timestamptz,
    primary key (conversation_id, id),
    -- One reply per turn: a turn completed twice cannot answer twice.
    constraint one_reply_per_turn unique (conversation_id, lease_token),
    constraint outbound_wamid_is_unique_in_conversation unique (conversation_id, wamid),
    constraint status_is_valid check (
        status in ('queued', 'sending', 'sent', 'delivered', 'read', 'played', 'failed', 'unknown')
    ),
    constraint sending_has_owner check ((status = 'sending') = (sender is not null and sending_expires_at is not null)),
    constraint sent_has_wamid_unless_confirmed_by_hand check (
        status not in ('sent', 'delivered', 'read', 'played')
        or wamid is not null
        or (status = 'sent' and resolved_at is not null)
    ),
    constraint failed_at_is_set_when_failed check ((status = 'failed') = (failed_at is not null)),
    constraint errors_is_an_array check (jsonb_typeof(errors) = 'array'),
    constraint attempt_count_is_not_negative check (attempt_count >= 0)
);

create index outbound_messages_due_idx on wahook_private.outbound_messages (next_attempt_at)
where status = 'queued';
-- A conversation's unsettled replies, for the in-order check of claim_outbound_messages: it stays
-- small however many replies a conversation has sent.
create index outbound_messages_unsettled_idx on wahook_private.outbound_messages (conversation_id, id)
where status in ('queued', 'sending', 'unknown');
create index outbound_messages_created_at_idx on wahook_private.outbound_messages (created_at);

comment on table wahook_private.outbound_messages is
'The outbox of replies: queued, sending (held by a sender), sent (Meta returned a wamid, a status webhook named the reply by its callback data, or an operator confirmed it), delivered, read, played, failed (errors kept), unknown (the send may or may not have happened: a status webhook with its callback data settles it as sent; without one within settings.outbound_unknown_settle_seconds it is queued again, or fails as unconfirmed when out of attempts; an operator may resolve it sooner).';
comment on column wahook_private.outbound_messages.body is 'The Graph API message object to POST.';
comment on column wahook_private.outbound_messages.lease_token is 'The turn that produced the reply.';

create table wahook_private.outbound_status_events (
    id bigint generated always as identity,
    conversation_id bigint not null,
    wamid text not null,
    status text not null,
    wa_timestamp timestamptz,
    errors jsonb,
    payload jsonb,
    event_id bigint references wahook_private.webhook_events (id) on delete set null,
    outcome text not null,
    received_at timestamptz not null default now(),
    applied_at timestamptz,
    correlation_id text,
    primary key (conversation_id, id),
    -- A status is applied once: a second delivery of the same (wamid, status) is a duplicate.
    constraint status_is_unique_per_wamid unique (conversation_id, wamid, status),
    constraint outcome_is_valid check (outcome in ('applied', 'stale', 'unmatched')),
    constraint wamid_is_sane check (length(wamid) between 1 and 512),
    constraint status_is_sane check (length(status) between 1 and 64)
);

create index outbound_status_events_unmatched_idx on wahook_private.outbound_status_events (conversation_id, wamid)
where outcome = 'unmatched';
create index outbound_status_events_received_at_idx on wahook_private.outbound_status_events (received_at);

comment on table wahook_private.outbound_status_events is
'Status webhooks of outbound messages, once per (wamid, status). unmatched: the wamid is not (yet) known; applied when the send is recorded.';

comment on column wahook_private.outbound_messages.id is 'Identity of the reply.';
comment on column wahook_private.outbound_messages.conversation_id is 'The conversation it answers.';
comment on column wahook_private.outbound_messages.phone_number_id is 'The business phone number id it is sent from.';
comment on column wahook_private.outbound_messages.recipient is 'The customer it is sent to (the "to" of the Graph API call).';
comment on column wahook_private.outbound_messages.status is 'queued, sending, sent, delivered, read, played, failed or unknown.';
comment on column wahook_private.outbound_messages.wamid is 'The wamid Meta returned for the send.';
comment on column wahook_private.outbound_messages.attempt_count is 'Send attempts so far.';
comment on column wahook_private.outbound_messages.next_attempt_at is 'When a queued reply may be sent (next).';
comment on column wahook_private.outbound_messages.sender is 'The sender holding the reply (set exactly when sending).';
comment on column wahook_private.outbound_messages.sending_expires_at is 'When a send in progress is considered lost.';
comment on column wahook_private.outbound_messages.errors is 'JSON array of every failed send''s error, oldest first.';
comment on column wahook_private.outbound_messages.correlation_id is 'Request id carried into the reply, if any.';
comment on column wahook_private.outbound_messages.created_at is 'When the turn queued it.';
comment on column wahook_private.outbound_messages.sent_at is 'When Meta accepted it.';
comment on column wahook_private.outbound_messages.delivered_at is 'When a status webhook reported it delivered.';
comment on column wahook_private.outbound_messages.read_at is 'When a status webhook reported it read.';
comment on column wahook_private.outbound_messages.failed_at is 'When it failed for good (set exactly when failed).';
comment on column wahook_private.outbound_messages.updated_at is 'When the row last changed.';

comment on column wahook_private.outbound_status_events.id is 'Identity of the status event.';
comment on column wahook_private.outbound_status_events.conversation_id is 'The conversation of the outbound message.';
comment on column wahook_private.outbound_status_events.wamid is 'The outbound message''s wamid.';
comment on column wahook_private.outbound_status_events.status is 'The reported status (sent, delivered, read, played, failed, ...).';
comment on column wahook_private.outbound_status_events.wa_timestamp is 'The WhatsApp timestamp of the status.';
comment on column wahook_private.outbound_status_events.errors is 'The errors array of a failed status, if any.';
comment on column wahook_private.outbound_status_events.payload is 'The status object as received (null once payload retention passed).';
comment on column wahook_private.outbound_status_events.event_id is 'The raw webhook body it came in (null once that body was purged).';
comment on column wahook_private.outbound_status_events.outcome is 'applied, stale (older than the status already known) or unmatched (wamid not known yet).';
comment on column wahook_private.outbound_status_events.received_at is 'When wahook stored it.';
comment on column wahook_private.outbound_status_events.applied_at is 'When it was applied to the outbound message.';
comment on column wahook_private.outbound_status_events.correlation_id is 'Request id of the webhook body it came in.';
comment on column wahook_private.outbound_messages.resolved_at is
'When an operator last settled the reply by hand (wahook.resolve_outbound_message); null otherwise. A reply an operator marked sent may have no wamid.';

-- Replies that failed or whose send is unknown, by when that happened.
create index outbound_messages_failures_idx on wahook_private.outbound_messages (updated_at)
where status in ('failed', 'unknown');
