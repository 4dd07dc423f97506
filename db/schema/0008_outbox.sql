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
    primary key (conversation_id, id),
    -- One reply per turn: a turn completed twice cannot answer twice.
    constraint one_reply_per_turn unique (conversation_id, lease_token),
    constraint outbound_wamid_is_unique_in_conversation unique (conversation_id, wamid),
    constraint status_is_valid check (
        status in ('queued', 'sending', 'sent', 'delivered', 'read', 'played', 'failed', 'unknown')
    ),
    constraint sending_has_owner check ((status = 'sending') = (sender is not null and sending_expires_at is not null)),
    constraint sent_has_wamid check (status not in ('sent', 'delivered', 'read', 'played') or wamid is not null),
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
'The outbox of replies: queued, sending (held by a sender), sent (Meta returned a wamid), delivered, read, played, failed (errors kept), unknown (the send may or may not have happened; status webhooks settle it).';
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
