begin;
select plan(3);

select set_config('wahook.now', '2030-06-01 12:30:00+00', true);
select tests.health_conversation('a');
-- Hour 10:00: 2 received (one completes at 11:10), 1 turn failed, 1 dead entry (its message
-- received at 10:19), 3 duplicates.
select tests.health_message(tests.health_conversation('a'), 'wamid.1', 'completed', '2030-06-01 10:05:00+00', '2030-06-01 11:10:00+00');
select tests.health_message(tests.health_conversation('a'), 'wamid.2', 'pending', '2030-06-01 10:50:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.3', 'dead', '2030-06-01 10:20:00+00');
select tests.health_event('2030-06-01 10:15:00+00', 3);
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 10:30:00+00', 2000, 500);
-- Hour 11:00: the completion of wamid.1 and its turn.
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:10:00+00', 1000, 300);
-- Older than 7 days: outside the view.
select tests.health_message(tests.health_conversation('a'), 'wamid.old', 'completed', '2030-05-20 10:00:00+00');

select results_eq(
    $$select hour_start, received, completed, failed, dead, duplicates, turns, error_rate
      from wahook.webhook_processing_performance
      where received + completed + failed + dead + duplicates + turns > 0 order by hour_start$$,
    $$values
        ('2030-06-01 10:00:00+00'::timestamptz, 3::bigint, 0::bigint, 1::bigint, 1::bigint, 3::bigint, 1::bigint, 1.0000::numeric),
        ('2030-06-01 11:00:00+00', 0, 1, 0, 0, 0, 1, 0.0000)$$,
    'each figure is counted in the hour it happened: received, completed, failed turns, dead entries, duplicates'
);
select results_eq(
    $$select avg_processing_ms, p50_processing_ms, avg_queue_wait_ms, p99_queue_wait_ms
      from wahook.webhook_processing_performance where hour_start = '2030-06-01 10:00:00+00'$$,
    $$values (2000.0::numeric, 2000.0::numeric, 500.0::numeric, 500.0::numeric)$$,
    'turn times are in ms'
);
select is(
    (select sum(received)::int from wahook.webhook_processing_performance), 3,
    'nothing older than 7 days is counted'
);

select * from finish();
rollback;
