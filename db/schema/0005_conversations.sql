-- Conversations: one per business phone number and customer, keyed by a hash of both so ingest
-- finds a conversation (and, distributed, its shard) from the webhook alone.
create table wahook_private.conversation_state_rules (
    from_state text not null,
    to_state text not null,
    description text not null,
    primary key (from_state, to_state)
);

comment on table wahook_private.conversation_state_rules is
'The allowed conversation state transitions; every audit row must name one.';

insert into wahook_private.conversation_state_rules (from_state, to_state, description) values
('idle', 'pending', 'a message for the agent arrived'),
('idle', 'paused', 'paused for a human'),
('pending', 'processing', 'claimed by a worker'),
('pending', 'paused', 'paused for a human'),
('pending', 'idle', 'repair: nothing is pending'),
('processing', 'idle', 'turn completed, nothing else pending'),
('processing', 'pending', 'turn ended (completed, dead or lease lost) with messages still pending'),
('processing', 'retry_wait', 'turn failed, retry scheduled'),
('processing', 'paused', 'paused for a human; the turn in flight is abandoned'),
('retry_wait', 'pending', 'retry due'),
('retry_wait', 'processing', 'retry due and claimed'),
('retry_wait', 'paused', 'paused for a human'),
('retry_wait', 'idle', 'repair: nothing is pending'),
('paused', 'idle', 'resumed, nothing pending'),
('paused', 'pending', 'resumed with messages pending');

create table wahook_private.webhook_conversations (
    conversation_id bigint primary key,
    phone_number_id text not null,
    customer_id text not null,
    customer_wa_id text,
    customer_user_id text,
    display_phone_number text,
    profile_name text,
    state text not null default 'idle',
    available_at timestamptz not null default now(),
    lease_owner text,
    lease_token bigint,
    lease_expires_at timestamptz,
    recent_turn_started_at timestamptz [] not null default '{}',
    last_inbound_at timestamptz,
    last_error text,
    paused_reason text,
    turn_count bigint not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    state_changed_at timestamptz not null default now(),
    constraint state_is_valid check (state in ('idle', 'pending', 'processing', 'retry_wait', 'paused')),
    constraint lease_is_held_exactly_when_processing check (
        (state = 'processing')
        = (lease_owner is not null and lease_token is not null and lease_expires_at is not null)
    ),
    constraint paused_reason_only_when_paused check (state = 'paused' or paused_reason is null),
    constraint customer_is_known check (customer_wa_id is not null or customer_user_id is not null),
    constraint turn_count_is_not_negative check (turn_count >= 0)
);

-- The claim scan: ready conversations in order of readiness.
create index webhook_conversations_ready_idx on wahook_private.webhook_conversations (available_at)
where state in ('pending', 'retry_wait');
create index webhook_conversations_lease_expiry_idx on wahook_private.webhook_conversations (lease_expires_at)
where state = 'processing';

comment on table wahook_private.webhook_conversations is
'One row per (business phone number id, customer). state: idle, pending (messages wait for the agent), processing (leased by a worker), retry_wait (a failed turn waits for its retry), paused (a human has it).';
comment on column wahook_private.webhook_conversations.conversation_id is 'Deterministic 64-bit key: wahook_private.conversation_key(phone_number_id, customer_id).';
comment on column wahook_private.webhook_conversations.customer_id is 'The customer wa_id, or the business-scoped user id when no wa_id is known.';
comment on column wahook_private.webhook_conversations.available_at is 'Earliest time the conversation may be claimed (rate limit, retry backoff).';
comment on column wahook_private.webhook_conversations.lease_token is 'Fencing token of the current lease; heartbeat, complete_turn and fail_turn must present it.';
comment on column wahook_private.webhook_conversations.recent_turn_started_at is 'Start times of the latest turns, oldest first, for the turns-per-minute limit.';
comment on column wahook_private.webhook_conversations.last_inbound_at is 'WhatsApp timestamp of the newest inbound message (the 24-hour customer-service window).';

create table wahook_private.conversation_state_transitions (
    id bigint generated always as identity,
    conversation_id bigint not null references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    from_state text not null,
    to_state text not null,
    reason text not null,
    actor text,
    lease_token bigint,
    correlation_id text,
    created_at timestamptz not null default now(),
    primary key (conversation_id, id),
    constraint transition_is_allowed foreign key (from_state, to_state)
    references wahook_private.conversation_state_rules (from_state, to_state)
);

create index conversation_state_transitions_created_at_idx
on wahook_private.conversation_state_transitions (created_at);

comment on table wahook_private.conversation_state_transitions is
'Audit trail: one row per conversation state change, written only by wahook_private.transition_conversation.';

comment on column wahook_private.conversation_state_rules.from_state is 'State before the transition.';
comment on column wahook_private.conversation_state_rules.to_state is 'State after the transition.';
comment on column wahook_private.conversation_state_rules.description is 'When this transition happens.';

comment on column wahook_private.webhook_conversations.phone_number_id is 'The business phone number id (metadata.phone_number_id) the customer writes to.';
comment on column wahook_private.webhook_conversations.customer_wa_id is 'The customer''s WhatsApp id (phone number), when the webhook gives one.';
comment on column wahook_private.webhook_conversations.customer_user_id is 'The customer''s business-scoped user id, when the webhook gives one.';
comment on column wahook_private.webhook_conversations.display_phone_number is 'The business phone number as displayed (metadata.display_phone_number).';
comment on column wahook_private.webhook_conversations.profile_name is 'The customer''s profile name, as last received.';
comment on column wahook_private.webhook_conversations.state is 'idle, pending, processing, retry_wait or paused; changed only by wahook_private.transition_conversation.';
comment on column wahook_private.webhook_conversations.lease_owner is 'The worker holding the lease (set exactly when processing).';
comment on column wahook_private.webhook_conversations.lease_expires_at is 'When the lease lapses unless a heartbeat extends it.';
comment on column wahook_private.webhook_conversations.last_error is 'Error of the latest failed turn.';
comment on column wahook_private.webhook_conversations.paused_reason is 'Why the conversation is paused (only when paused).';
comment on column wahook_private.webhook_conversations.turn_count is 'Agent turns started so far.';
comment on column wahook_private.webhook_conversations.created_at is 'When the first message or status of the conversation arrived.';
comment on column wahook_private.webhook_conversations.updated_at is 'When the row last changed.';
comment on column wahook_private.webhook_conversations.state_changed_at is 'When state last changed.';

comment on column wahook_private.conversation_state_transitions.id is 'Identity of the audit row.';
comment on column wahook_private.conversation_state_transitions.conversation_id is 'The conversation that changed state.';
comment on column wahook_private.conversation_state_transitions.from_state is 'State before.';
comment on column wahook_private.conversation_state_transitions.to_state is 'State after.';
comment on column wahook_private.conversation_state_transitions.reason is 'Why it changed (e.g. claimed, turn completed, lease expired).';
comment on column wahook_private.conversation_state_transitions.actor is 'Who changed it: a worker name, maintenance, or an operator.';
comment on column wahook_private.conversation_state_transitions.lease_token is 'The fencing token of the lease involved, if any.';
comment on column wahook_private.conversation_state_transitions.correlation_id is 'Request id that caused the change, if any.';
comment on column wahook_private.conversation_state_transitions.created_at is 'When it changed.';
