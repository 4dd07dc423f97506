-- Inbound messages: one row per wamid within its conversation (idempotency), with their state.
create table wahook_private.message_state_rules (
    from_state text not null,
    to_state text not null,
    description text not null,
    primary key (from_state, to_state)
);

comment on table wahook_private.message_state_rules is
'The allowed message state transitions; every audit row must name one.';

insert into wahook_private.message_state_rules (from_state, to_state, description) values
('pending', 'processing', 'claimed as part of a turn'),
('pending', 'skipped', 'discarded when a paused conversation resumed'),
('processing', 'completed', 'the turn completed'),
('processing', 'pending', 'the turn failed and will be retried, or its lease was lost'),
('processing', 'dead', 'retries exhausted or a non-retryable failure'),
('dead', 'pending', 'replayed from the DLQ');

create sequence wahook_private.lease_tokens as bigint;

comment on sequence wahook_private.lease_tokens is
'Fencing tokens: every claim takes a new, larger one.';

create table wahook_private.processed_webhook_messages (
    id bigint generated always as identity,
    conversation_id bigint not null references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    wamid text not null,
    event_id bigint references wahook_private.webhook_events (id) on delete set null,
    message_type text not null,
    wa_timestamp timestamptz not null,
    received_at timestamptz not null default now(),
    text_body text,
    context_wamid text,
    payload jsonb,
    status text not null,
    attempt_count integer not null default 0,
    lease_token bigint,
    claimed_at timestamptz,
    completed_at timestamptz,
    dead_at timestamptz,
    last_error text,
    correlation_id text,
    primary key (conversation_id, id),
    constraint wamid_is_unique_in_conversation unique (conversation_id, wamid),
    constraint wamid_is_sane check (length(wamid) between 1 and 512),
    constraint message_type_is_sane check (length(message_type) between 1 and 64),
    constraint status_is_valid check (
        status in ('ignored', 'pending', 'processing', 'completed', 'dead', 'skipped')
    ),
    constraint lease_token_is_set_exactly_when_processing check (
        (status = 'processing') = (lease_token is not null)
    ),
    constraint completed_at_is_set_when_completed check ((status = 'completed') = (completed_at is not null)),
    constraint dead_at_is_set_when_dead check ((status = 'dead') = (dead_at is not null)),
    constraint attempt_count_is_not_negative check (attempt_count >= 0)
);

-- The per-conversation queue, in the order turns take it.
create index processed_webhook_messages_queue_idx
on wahook_private.processed_webhook_messages (conversation_id, wa_timestamp, id)
where status in ('pending', 'processing');
create index processed_webhook_messages_received_at_idx
on wahook_private.processed_webhook_messages (received_at);

comment on table wahook_private.processed_webhook_messages is
'One row per inbound wamid per conversation: the idempotency record and the message state (ignored: recorded, not for the agent; pending; processing; completed; dead; skipped).';
comment on column wahook_private.processed_webhook_messages.wa_timestamp is 'The WhatsApp timestamp; turns take messages in this order, then by arrival (id).';
comment on column wahook_private.processed_webhook_messages.text_body is 'The text the agent reads (text body, caption, button or list title), if any.';
comment on column wahook_private.processed_webhook_messages.payload is 'The message object as received (null once payload retention passed).';
comment on column wahook_private.processed_webhook_messages.attempt_count is 'Failed tries of this message so far.';
comment on column wahook_private.processed_webhook_messages.lease_token is 'Fencing token of the turn processing it.';

create table wahook_private.message_state_transitions (
    id bigint generated always as identity,
    conversation_id bigint not null,
    message_id bigint not null,
    from_state text not null,
    to_state text not null,
    reason text not null,
    lease_token bigint,
    created_at timestamptz not null default now(),
    primary key (conversation_id, id),
    constraint message_exists foreign key (conversation_id, message_id)
    references wahook_private.processed_webhook_messages (conversation_id, id) on delete cascade,
    constraint transition_is_allowed foreign key (from_state, to_state)
    references wahook_private.message_state_rules (from_state, to_state)
);

create index message_state_transitions_message_idx
on wahook_private.message_state_transitions (conversation_id, message_id);

comment on table wahook_private.message_state_transitions is
'Audit trail: one row per message state change, written only by wahook_private.transition_messages.';

create table wahook_private.webhook_dlq (
    id bigint generated always as identity,
    conversation_id bigint not null,
    message_id bigint not null,
    wamid text not null,
    status text not null,
    attempt_count integer not null,
    errors jsonb not null default '[]',
    next_attempt_at timestamptz,
    first_failed_at timestamptz not null default now(),
    last_failed_at timestamptz not null default now(),
    dead_at timestamptz,
    replayed_at timestamptz,
    resolved_at timestamptz,
    primary key (conversation_id, id),
    constraint one_entry_per_message unique (conversation_id, message_id),
    constraint message_exists foreign key (conversation_id, message_id)
    references wahook_private.processed_webhook_messages (conversation_id, id) on delete cascade,
    constraint status_is_valid check (status in ('retry_scheduled', 'retrying', 'dead', 'replayed', 'resolved')),
    constraint next_attempt_at_is_set_exactly_when_scheduled check (
        (status = 'retry_scheduled') = (next_attempt_at is not null)
    ),
    constraint dead_at_is_set_when_dead check (status <> 'dead' or dead_at is not null),
    constraint errors_is_an_array check (jsonb_typeof(errors) = 'array'),
    constraint attempt_count_is_positive check (attempt_count > 0)
);

create index webhook_dlq_due_idx on wahook_private.webhook_dlq (next_attempt_at)
where status = 'retry_scheduled';
create index webhook_dlq_status_idx on wahook_private.webhook_dlq (status, last_failed_at);

comment on table wahook_private.webhook_dlq is
'Dead letter queue: one row per message whose turn failed. retry_scheduled (waiting for next_attempt_at), retrying (back in the queue), dead (retries exhausted or not retryable), replayed (brought back by replay_dlq), resolved (a later try succeeded). errors keeps every attempt''s error.';

comment on column wahook_private.message_state_rules.from_state is 'State before the transition.';
comment on column wahook_private.message_state_rules.to_state is 'State after the transition.';
comment on column wahook_private.message_state_rules.description is 'When this transition happens.';

comment on column wahook_private.processed_webhook_messages.id is 'Identity of the message; with conversation_id, its key.';
comment on column wahook_private.processed_webhook_messages.conversation_id is 'The conversation the message belongs to.';
comment on column wahook_private.processed_webhook_messages.wamid is 'WhatsApp message id; unique within the conversation (idempotency).';
comment on column wahook_private.processed_webhook_messages.event_id is 'The raw webhook body it came in (null once that body was purged).';
comment on column wahook_private.processed_webhook_messages.message_type is 'The WhatsApp message type (text, image, interactive, ...).';
comment on column wahook_private.processed_webhook_messages.received_at is 'When wahook stored it.';
comment on column wahook_private.processed_webhook_messages.context_wamid is 'The wamid this message replies to (context.id), if any.';
comment on column wahook_private.processed_webhook_messages.status is 'ignored, pending, processing, completed, dead or skipped; changed only by wahook_private.transition_messages.';
comment on column wahook_private.processed_webhook_messages.claimed_at is 'When a turn last took it.';
comment on column wahook_private.processed_webhook_messages.completed_at is 'When its turn completed (set exactly when completed).';
comment on column wahook_private.processed_webhook_messages.dead_at is 'When it went dead (set exactly when dead).';
comment on column wahook_private.processed_webhook_messages.last_error is 'Error of its latest failed try.';
comment on column wahook_private.processed_webhook_messages.correlation_id is 'Request id of the webhook body it came in.';

comment on column wahook_private.message_state_transitions.id is 'Identity of the audit row.';
comment on column wahook_private.message_state_transitions.conversation_id is 'The conversation of the message.';
comment on column wahook_private.message_state_transitions.message_id is 'The message that changed state.';
comment on column wahook_private.message_state_transitions.from_state is 'State before.';
comment on column wahook_private.message_state_transitions.to_state is 'State after.';
comment on column wahook_private.message_state_transitions.reason is 'Why it changed.';
comment on column wahook_private.message_state_transitions.lease_token is 'The fencing token of the turn involved, if any.';
comment on column wahook_private.message_state_transitions.created_at is 'When it changed.';

comment on column wahook_private.webhook_dlq.id is 'Identity of the entry.';
comment on column wahook_private.webhook_dlq.conversation_id is 'The conversation of the failed message.';
comment on column wahook_private.webhook_dlq.message_id is 'The failed message (one entry per message).';
comment on column wahook_private.webhook_dlq.wamid is 'The failed message''s wamid, for operators.';
comment on column wahook_private.webhook_dlq.status is 'retry_scheduled, retrying, dead, replayed or resolved.';
comment on column wahook_private.webhook_dlq.attempt_count is 'Failed tries so far.';
comment on column wahook_private.webhook_dlq.errors is 'JSON array of every failed try''s error, oldest first.';
comment on column wahook_private.webhook_dlq.next_attempt_at is 'When the next retry is due (set exactly when retry_scheduled).';
comment on column wahook_private.webhook_dlq.first_failed_at is 'When the first try failed.';
comment on column wahook_private.webhook_dlq.last_failed_at is 'When the latest try failed.';
comment on column wahook_private.webhook_dlq.dead_at is 'When retries ran out (or the failure was not retryable).';
comment on column wahook_private.webhook_dlq.replayed_at is 'When wahook.replay_dlq brought it back.';
comment on column wahook_private.webhook_dlq.resolved_at is 'When a later try succeeded.';

-- Health (the health views and functions read bounded time windows or small partial indexes):
-- Oldest pending message (health check, conversation health): the pending messages only.
create index processed_webhook_messages_pending_received_at_idx
on wahook_private.processed_webhook_messages (received_at)
where status = 'pending';

-- Messages completed per hour or per 5 minutes.
create index processed_webhook_messages_completed_at_idx
on wahook_private.processed_webhook_messages (completed_at)
where status = 'completed';

-- Dead messages per conversation (conversation health): the dead messages only.
create index processed_webhook_messages_dead_idx
on wahook_private.processed_webhook_messages (conversation_id)
where status = 'dead';
