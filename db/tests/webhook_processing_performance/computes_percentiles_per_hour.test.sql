begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:30:00+00', true);
select tests.health_conversation('a');
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:30:00+00', i * 10, i)
from generate_series(1, 100) as i;
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 10:30:00+00', 5000, 5000);

select results_eq(
    $$select hour_start, p50_processing_ms, p95_processing_ms, p99_processing_ms,
        p50_queue_wait_ms, p95_queue_wait_ms, p99_queue_wait_ms
      from wahook.webhook_processing_performance where turns > 0 order by hour_start$$,
    $$values
        ('2030-06-01 10:00:00+00'::timestamptz, 5000.0::numeric, 5000.0::numeric, 5000.0::numeric,
            5000.0::numeric, 5000.0::numeric, 5000.0::numeric),
        ('2030-06-01 11:00:00+00', 505.0, 950.5, 990.1, 50.5, 95.1, 99.0)$$,
    'p50, p95 and p99 of processing time and queue wait, each hour on its own turns'
);

select * from finish();
rollback;
