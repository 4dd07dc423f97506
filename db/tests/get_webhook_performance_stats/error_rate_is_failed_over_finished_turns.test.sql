begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');

select results_eq(
    $$select error_rate, p95_processing_ms, p95_queue_wait_ms from wahook.get_webhook_performance_stats(24)$$,
    $$values (null::numeric, null::numeric, null::numeric)$$,
    'without turns, the error rate and the times are null'
);

select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:00:00+00') from generate_series(1, 3);
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:00:00+00');
select tests.health_turn(tests.health_conversation('a'), 'abandoned', '2030-06-01 11:00:00+00');
select tests.health_turn(tests.health_conversation('a'), 'running', '2030-06-01 11:00:00+00');
select is(
    (select error_rate from wahook.get_webhook_performance_stats(24)),
    0.2500,
    'failed / (completed + failed) turns: abandoned and running turns do not count'
);

select * from finish();
rollback;
