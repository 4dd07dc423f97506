-- The agent's side: conversation memory with token counts, per-turn records and per-conversation totals.
create table wahook_private.agent_contexts (
    id bigint generated always as identity,
    conversation_id bigint not null references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    role text not null,
    content text not null,
    token_count integer not null,
    message_id bigint,
    lease_token bigint,
    created_at timestamptz not null default now(),
    primary key (conversation_id, id),
    constraint role_is_valid check (role in ('user', 'assistant')),
    constraint token_count_is_not_negative check (token_count >= 0)
);

comment on table wahook_private.agent_contexts is
'Conversation memory: each turn''s inbound messages (role user) and the reply (role assistant), with token counts computed once by the sidecar.';
comment on column wahook_private.agent_contexts.token_count is 'Tokens of this entry in the chat format, including its per-message overhead.';

create table wahook_private.agent_turns (
    id bigint generated always as identity,
    conversation_id bigint not null references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    lease_token bigint not null,
    worker text not null,
    status text not null default 'running',
    message_count integer not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    queue_wait_ms bigint,
    provider text,
    model text,
    tokens_in integer,
    tokens_out integer,
    latency_ms integer,
    error_code text,
    error_message text,
    retryable boolean,
    correlation_id text,
    primary key (conversation_id, id),
    constraint one_turn_per_lease unique (conversation_id, lease_token),
    constraint status_is_valid check (status in ('running', 'completed', 'failed', 'abandoned')),
    constraint finished_at_is_set_when_finished check ((status = 'running') = (finished_at is null)),
    constraint finished_at_is_after_started_at check (finished_at >= started_at),
    constraint message_count_is_positive check (message_count > 0)
);

create index agent_turns_started_at_idx on wahook_private.agent_turns (started_at);

comment on table wahook_private.agent_turns is
'One row per agent turn (one claim): running, completed, failed (fail_turn) or abandoned (lease lost or paused).';
comment on column wahook_private.agent_turns.queue_wait_ms is 'From the arrival of the turn''s oldest message to the claim.';

create table wahook_private.agent_sessions (
    conversation_id bigint primary key references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    turn_count bigint not null default 0,
    error_count bigint not null default 0,
    tokens_in_total bigint not null default 0,
    tokens_out_total bigint not null default 0,
    latency_ms_total bigint not null default 0,
    last_provider text,
    last_model text,
    last_turn_at timestamptz,
    last_error text,
    last_error_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint counts_are_not_negative check (
        turn_count >= 0 and error_count >= 0 and tokens_in_total >= 0 and tokens_out_total >= 0
        and latency_ms_total >= 0
    )
);

comment on table wahook_private.agent_sessions is
'Per conversation agent totals: turns, errors, tokens in and out, latency.';

comment on column wahook_private.agent_contexts.id is 'Identity of the entry; entries of a conversation are in id order.';
comment on column wahook_private.agent_contexts.conversation_id is 'The conversation the memory belongs to.';
comment on column wahook_private.agent_contexts.role is 'user (inbound messages of a turn) or assistant (the reply).';
comment on column wahook_private.agent_contexts.content is 'The text the agent sees.';
comment on column wahook_private.agent_contexts.message_id is 'The inbound message it came from, for role user.';
comment on column wahook_private.agent_contexts.lease_token is 'The turn that wrote it.';
comment on column wahook_private.agent_contexts.created_at is 'When it was written.';

comment on column wahook_private.agent_turns.id is 'Identity of the turn.';
comment on column wahook_private.agent_turns.conversation_id is 'The conversation of the turn.';
comment on column wahook_private.agent_turns.lease_token is 'The fencing token of the claim that started the turn (one turn per claim).';
comment on column wahook_private.agent_turns.worker is 'The worker that claimed the conversation.';
comment on column wahook_private.agent_turns.status is 'running, completed, failed or abandoned.';
comment on column wahook_private.agent_turns.message_count is 'Inbound messages the turn took.';
comment on column wahook_private.agent_turns.started_at is 'When the conversation was claimed.';
comment on column wahook_private.agent_turns.finished_at is 'When the turn ended (null while running).';
comment on column wahook_private.agent_turns.provider is 'The agent provider (echo, openai, ...).';
comment on column wahook_private.agent_turns.model is 'The model the provider used.';
comment on column wahook_private.agent_turns.tokens_in is 'Prompt tokens of the turn.';
comment on column wahook_private.agent_turns.tokens_out is 'Completion tokens of the turn.';
comment on column wahook_private.agent_turns.latency_ms is 'Time the agent call took, in milliseconds.';
comment on column wahook_private.agent_turns.error_code is 'Short error class of a failed turn.';
comment on column wahook_private.agent_turns.error_message is 'Error of a failed turn.';
comment on column wahook_private.agent_turns.retryable is 'Whether the failure of a failed turn may be retried.';
comment on column wahook_private.agent_turns.correlation_id is 'Request id carried into the turn, if any.';

comment on column wahook_private.agent_sessions.conversation_id is 'The conversation the totals are of.';
comment on column wahook_private.agent_sessions.turn_count is 'Turns that completed or failed.';
comment on column wahook_private.agent_sessions.error_count is 'Turns that failed.';
comment on column wahook_private.agent_sessions.tokens_in_total is 'Sum of tokens_in over the turns.';
comment on column wahook_private.agent_sessions.tokens_out_total is 'Sum of tokens_out over the turns.';
comment on column wahook_private.agent_sessions.latency_ms_total is 'Sum of latency_ms over the turns.';
comment on column wahook_private.agent_sessions.last_provider is 'Provider of the latest turn.';
comment on column wahook_private.agent_sessions.last_model is 'Model of the latest turn.';
comment on column wahook_private.agent_sessions.last_turn_at is 'When the latest turn ended.';
comment on column wahook_private.agent_sessions.last_error is 'Error of the latest failed turn.';
comment on column wahook_private.agent_sessions.last_error_at is 'When the latest turn failed.';
comment on column wahook_private.agent_sessions.created_at is 'When the first turn of the conversation ended.';
comment on column wahook_private.agent_sessions.updated_at is 'When the totals last changed.';

-- Turns finished per hour: errors, processing time, queue wait, tokens and latency.
create index agent_turns_finished_at_idx on wahook_private.agent_turns (finished_at);
