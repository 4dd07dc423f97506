-- One row per health check, in a fixed order: each check is its own private view
-- (wahook_private.health_<check_name>; the two pg_cron checks are functions, for their dynamic
-- SQL), which reads a small partial index or a bounded time window (see the indexes of
-- db/schema/0004-0008). Statuses come from
-- wahook_private.health_status: critical above the threshold; warn above zero where any occurrence
-- is an anomaly (stuck, expired leases, dead messages, failed replies, cron failures and late
-- jobs), above half the threshold where some volume is normal (DLQ pending, agent errors, p95,
-- oldest pending age); ingest_lag warns above its threshold and is critical above twice it.
-- docs/operations.md says what each check means and what to do about it.
create or replace function wahook.check_webhook_system_health()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql stable security definer set search_path = ''
as $$
begin
    return query select * from wahook_private.health_stuck_conversations;
    return query select * from wahook_private.health_expired_leases;
    return query select * from wahook_private.health_oldest_pending_message_seconds;
    return query select * from wahook_private.health_dlq_pending;
    return query select * from wahook_private.health_dead_messages_last_24h;
    return query select * from wahook_private.health_agent_errors_last_hour;
    return query select * from wahook_private.health_p95_processing_ms_last_hour;
    return query select * from wahook_private.health_outbox_failures_last_hour;
    return query select * from wahook_private.health_ingest_lag;
    return query select * from wahook_private.health_ingest_failed;
    return query select * from wahook_private.health_cron_job_failures_last_hour();
    return query select * from wahook_private.health_cron_jobs_late();
end
$$;

comment on function wahook.check_webhook_system_health() is
'System health, one row per check (check_name, status ok|warn|critical, value, threshold, details), in this order: stuck_conversations (ready but unclaimed, or lease expired, for over settings.health_stuck_after_seconds), expired_leases, oldest_pending_message_seconds, dlq_pending (entries waiting for a retry), dead_messages_last_24h, agent_errors_last_hour (failed turns), p95_processing_ms_last_hour (turn time, claim to end), outbox_failures_last_hour (replies failed or unknown), ingest_lag (seconds since the oldest acknowledged body still waiting in the inbox was received; warn above settings.health_max_inbox_lag_seconds, critical above twice it), ingest_failed (inbox bodies kept aside because their ingestion failed; critical above 0), cron_job_failures_last_hour and cron_jobs_late (wahook-* pg_cron jobs; ok with details pg_cron absent without the extension). critical: value above threshold (the health_max_* settings); warn: above half the threshold for dlq_pending, agent_errors_last_hour, p95_processing_ms_last_hour and oldest_pending_message_seconds, above zero for the others. docs/operations.md says what to do about each. Raises nothing of its own.';
