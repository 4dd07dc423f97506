begin;
select plan(2);

select is(
    array(select h.check_name from wahook.check_webhook_system_health() as h),
    array[
        'stuck_conversations', 'expired_leases', 'oldest_pending_message_seconds', 'dlq_pending',
        'dead_messages_last_24h', 'agent_errors_last_hour', 'p95_processing_ms_last_hour',
        'outbox_failures_last_hour', 'ingest_lag', 'ingest_failed', 'cron_job_failures_last_hour',
        'cron_jobs_late'
    ],
    'one row per check, in a fixed order'
);
select is(
    array(
        select distinct h.status from wahook.check_webhook_system_health() as h
        where h.status not in ('ok', 'warn', 'critical')
    ),
    array[]::text [],
    'every status is ok, warn or critical'
);

select * from finish();
rollback;
