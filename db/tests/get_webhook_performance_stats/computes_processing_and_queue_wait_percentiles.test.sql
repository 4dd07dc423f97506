begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
-- 100 turns: processing 10, 20, ... 1000 ms; queue wait 1, 2, ... 100 ms.
select tests.health_turn(tests.health_conversation('a'), case when i % 10 = 0 then 'failed' else 'completed' end,
    '2030-06-01 11:00:00+00', i * 10, i)
from generate_series(1, 100) as i;
select tests.health_turn(tests.health_conversation('a'), 'abandoned', '2030-06-01 11:00:00+00', 99000, 99000);

select results_eq(
    $$select avg_processing_ms, p50_processing_ms, p95_processing_ms, p99_processing_ms
      from wahook.get_webhook_performance_stats(24)$$,
    $$values (505.0::numeric, 505.0::numeric, 950.5::numeric, 990.1::numeric)$$,
    'processing time (claim to end) avg, p50, p95, p99 in ms, over the completed and failed turns'
);
select results_eq(
    $$select avg_queue_wait_ms, p50_queue_wait_ms, p95_queue_wait_ms, p99_queue_wait_ms
      from wahook.get_webhook_performance_stats(24)$$,
    $$values (50.5::numeric, 50.5::numeric, 95.1::numeric, 99.0::numeric)$$,
    'queue wait avg, p50, p95, p99 in ms'
);

select * from finish();
rollback;
