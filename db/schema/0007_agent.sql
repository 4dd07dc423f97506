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
