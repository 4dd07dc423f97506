-- Raw webhook bodies, kept for audit and replay, and the non-message changes they carry.
create table wahook_private.webhook_events (
    id bigint generated always as identity primary key,
    received_at timestamptz not null default now(),
    correlation_id text,
    payload jsonb,
    item_count integer not null default 0,
    constraint item_count_is_not_negative check (item_count >= 0)
);

create index webhook_events_received_at_idx on wahook_private.webhook_events (received_at);

comment on table wahook_private.webhook_events is
'One row per webhook body handed to wahook.process_message. payload is cleared after payload_retention_days; rows are deleted after raw_event_retention_days.';
comment on column wahook_private.webhook_events.correlation_id is 'Request id that follows the body into every row it produced.';
comment on column wahook_private.webhook_events.payload is 'The body as received (null once its retention passed).';
comment on column wahook_private.webhook_events.item_count is 'Messages, statuses, errors and other changes found in the body.';

create table wahook_private.business_events (
    id bigint generated always as identity primary key,
    event_id bigint references wahook_private.webhook_events (id) on delete set null,
    kind text not null,
    field text not null,
    waba_id text,
    phone_number_id text,
    payload jsonb,
    received_at timestamptz not null default now(),
    correlation_id text,
    constraint kind_is_valid check (kind in ('event', 'error'))
);

create index business_events_received_at_idx on wahook_private.business_events (received_at);

comment on table wahook_private.business_events is
'Changes that are not inbound messages or statuses: account, template, phone number, user preference, call and echo notifications (kind event), and value.errors (kind error).';
comment on column wahook_private.business_events.field is 'The webhook change field (account_update, calls, messages for value.errors, ...).';
comment on column wahook_private.business_events.payload is 'The change value (or the single error object for kind error).';
