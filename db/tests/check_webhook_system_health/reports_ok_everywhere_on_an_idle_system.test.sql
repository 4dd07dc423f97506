begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:59:00+00');
select tests.health_conversation('15550001', 'idle');
select tests.health_message(tests.health_conversation('15550001'), 'wamid.done', 'completed', '2030-06-01 11:00:00+00');

select is(
    array(select h.check_name || ': ' || h.status from wahook.check_webhook_system_health() as h),
    array[
        'stuck_conversations: ok', 'expired_leases: ok', 'oldest_pending_message_seconds: ok', 'dlq_pending: ok',
        'dead_messages_last_24h: ok', 'agent_errors_last_hour: ok', 'p95_processing_ms_last_hour: ok',
        'outbox_failures_last_hour: ok', 'ingest_lag: ok', 'ingest_failed: ok', 'cron_job_failures_last_hour: ok',
        'cron_jobs_late: ok'
    ],
    'nothing pending, failed or late: every check is ok'
);
select results_eq(
    $$select h.value, h.threshold from wahook.check_webhook_system_health() as h
      where h.check_name in ('stuck_conversations', 'dlq_pending', 'agent_errors_last_hour', 'p95_processing_ms_last_hour')$$,
    $$values (0::numeric, 5::numeric), (0, 10), (0, 10), (null, 2000)$$,
    'values are zero (or null: no turn to measure) and the thresholds are the defaults'
);

select * from finish();
rollback;
