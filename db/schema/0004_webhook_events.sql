-- Raw webhook bodies, kept for audit and replay, and the non-message changes they carry.
create table wahook_private.webhook_events (
    id bigint generated always as identity primary key,
    received_at timestamptz not null default now(),
    correlation_id text,
    payload jsonb,
    item_count integer not null default 0,
    -- Duplicates are not stored as messages (a repeated wamid is refused by its unique key), so the
    -- ingest counts them on the body that carried them. wahook.process_message sets it to the number
    -- of its result rows with kind = 'message' and outcome = 'duplicate' (it may leave the default 0
    -- alone when there is none, so the common path writes nothing more).
    duplicate_count integer not null default 0,
    constraint item_count_is_not_negative check (item_count >= 0),
    constraint duplicate_count_is_not_negative check (duplicate_count >= 0)
);

-- Duplicates per hour or per 5 minutes: only the few bodies that carried one, index-only.
create index webhook_events_duplicates_idx on wahook_private.webhook_events (received_at)
include (duplicate_count)
where duplicate_count > 0;

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

comment on column wahook_private.webhook_events.id is 'Identity of the webhook body.';
comment on column wahook_private.webhook_events.received_at is 'When wahook.process_message stored the body.';

comment on column wahook_private.business_events.id is 'Identity of the change.';
comment on column wahook_private.business_events.event_id is 'The raw webhook body it came in (null once that body was purged).';
comment on column wahook_private.business_events.kind is 'event (a non-message change) or error (one entry of value.errors).';
comment on column wahook_private.business_events.waba_id is 'The WhatsApp Business Account id of the entry.';
comment on column wahook_private.business_events.phone_number_id is 'The business phone number id of the change, when it names one.';
comment on column wahook_private.business_events.received_at is 'When the body carrying it was stored.';
comment on column wahook_private.business_events.correlation_id is 'Request id of the webhook body.';
comment on column wahook_private.webhook_events.duplicate_count is
'Inbound messages of this body that were already stored (process_message outcome duplicate).';
