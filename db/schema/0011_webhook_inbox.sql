-- The inbox: webhook bodies acknowledged to Meta and not yet ingested.
-- The endpoint checks each body (wahook.receive_webhooks, the same check process_message makes) and
-- inserts it here in one group-committed transaction per batch of concurrent requests, then answers
-- 200: the acknowledgement promises durability, not the per-item outcome. wahook.ingest_inbox
-- parses, deduplicates and queues the bodies right behind, in id order, and deletes them. So the
-- table stays small, and its oldest row is the ingest lag.
create table wahook_private.webhook_inbox (
    id bigint generated always as identity primary key,
    received_at timestamptz not null default now(),
    correlation_id text,
    payload jsonb not null,
    item_count integer not null,
    failed_at timestamptz,
    last_error text,
    constraint item_count_is_not_negative check (item_count >= 0),
    constraint last_error_is_set_when_failed check ((failed_at is null) = (last_error is null))
);

-- The ingest queue: what still waits, in arrival order.
create index webhook_inbox_waiting_idx on wahook_private.webhook_inbox (id) where failed_at is null;

comment on table wahook_private.webhook_inbox is
'Webhook bodies acknowledged (checked and committed by wahook.receive_webhooks) and not yet ingested by wahook.ingest_inbox, which deletes each once its rows are stored. A body whose ingestion failed stays with failed_at and last_error for an operator (wahook.check_webhook_system_health reports it); nothing acknowledged is dropped.';
comment on column wahook_private.webhook_inbox.id is 'Arrival order of the bodies: wahook.ingest_inbox ingests them by id.';
comment on column wahook_private.webhook_inbox.received_at is 'When the endpoint received the body: the receipt time of everything ingested from it.';
comment on column wahook_private.webhook_inbox.correlation_id is 'Request id that follows the body into every row it produces.';
comment on column wahook_private.webhook_inbox.payload is 'The body as received, already checked by wahook_private.ingest_check_body.';
comment on column wahook_private.webhook_inbox.item_count is 'Messages, statuses, errors and other changes in the body (ingest_check_body).';
comment on column wahook_private.webhook_inbox.failed_at is 'Set when ingesting the body failed; it is then skipped until an operator clears it.';
comment on column wahook_private.webhook_inbox.last_error is 'SQLSTATE and message of the failed ingestion.';

-- As db/schema/0009_security.sql does for the tables before it.
alter table wahook_private.webhook_inbox enable row level security;
revoke all on table wahook_private.webhook_inbox from public;
