-- Health: what the health views and functions (db/functions/views/webhook_*.sql,
-- agent_session_metrics.sql, api/check_webhook_system_health.sql, get_webhook_performance_stats.sql)
-- need to stay fast with millions of rows of history, and the duplicate counter of raw events.
-- Every health query reads a bounded time window (or a small partial index) through one of these or
-- an index of 0004-0008: see docs/operations.md.

-- Duplicates are not stored as messages (a repeated wamid is refused by its unique key), so the
-- ingest counts them on the body that carried them. wahook.process_message sets it to the number
-- of its result rows with kind = 'message' and outcome = 'duplicate' (it may leave the default 0
-- alone when there is none, so the common path writes nothing more).
alter table wahook_private.webhook_events
add column duplicate_count integer not null default 0,
add constraint duplicate_count_is_not_negative check (duplicate_count >= 0);

comment on column wahook_private.webhook_events.duplicate_count is
'Inbound messages of this body that were already stored (process_message outcome duplicate).';

-- Duplicates per hour or per 5 minutes: only the few bodies that carried one, index-only.
create index webhook_events_duplicates_idx on wahook_private.webhook_events (received_at)
include (duplicate_count)
where duplicate_count > 0;

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

-- Turns finished per hour: errors, processing time, queue wait, tokens and latency.
create index agent_turns_finished_at_idx on wahook_private.agent_turns (finished_at);

-- Replies that failed or whose send is unknown, by when that happened.
create index outbound_messages_failures_idx on wahook_private.outbound_messages (updated_at)
where status in ('failed', 'unknown');
