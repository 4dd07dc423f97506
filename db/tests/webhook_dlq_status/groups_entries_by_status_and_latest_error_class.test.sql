begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_conversation('b');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.1', 'dead', '2030-06-01 11:30:00+00', 'timeout', 4);
select tests.health_dlq_entry(tests.health_conversation('b'), 'wamid.2', 'dead', '2030-06-01 02:00:00+00', 'timeout', 4);
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.3', 'dead', '2030-05-30 12:00:00+00', 'http_400', 1);
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.4', 'retry_scheduled', '2030-06-01 11:59:00+00', 'timeout', 1);
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.5', 'resolved', '2030-06-01 10:00:00+00', 'http_500', 2);
-- An entry whose latest error has no code.
select tests.health_dlq_entry(tests.health_conversation('b'), 'wamid.6', 'replayed', '2030-06-01 10:00:00+00');
update wahook_private.webhook_dlq set errors = errors || '[{"message": "no code"}]' where wamid = 'wamid.6';

select results_eq(
    $$select status, error_class, entry_count, conversation_count, failed_last_hour, failed_last_24h,
        oldest_failed_at, newest_failed_at, oldest_age_seconds, next_attempt_at, avg_attempt_count, max_attempt_count
      from wahook.webhook_dlq_status order by status, error_class$$,
    $$values
        ('dead'::text, 'http_400'::text, 1::bigint, 1::bigint, 0::bigint, 0::bigint,
            '2030-05-30 11:59:00+00'::timestamptz, '2030-05-30 12:00:00+00'::timestamptz, 172860.0::numeric,
            null::timestamptz, 1.00::numeric, 1),
        ('dead', 'timeout', 2, 2, 1, 2,
            '2030-06-01 01:59:00+00', '2030-06-01 11:30:00+00', 36060.0, null, 4.00, 4),
        ('replayed', 'unknown', 1, 1, 0, 1,
            '2030-06-01 09:59:00+00', '2030-06-01 10:00:00+00', 7260.0, null, 1.00, 1),
        ('resolved', 'http_500', 1, 1, 0, 1,
            '2030-06-01 09:59:00+00', '2030-06-01 10:00:00+00', 7260.0, null, 2.00, 2),
        ('retry_scheduled', 'timeout', 1, 1, 1, 1,
            '2030-06-01 11:58:00+00', '2030-06-01 11:59:00+00', 120.0, '2030-06-01 12:00:00+00', 1.00, 1)$$,
    'one row per status and error class (the code of the latest error, unknown without one), with counts, recency and age'
);

select * from finish();
rollback;
