begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
-- In the last 2 hours: 4 messages received (2 completed, 1 pending, 1 ignored), 1 dead DLQ entry
-- (its message received too), 3 duplicates over 2 events, 2 completed turns and 1 failed.
select tests.health_message(tests.health_conversation('a'), 'wamid.1', 'completed', '2030-06-01 10:30:00+00', '2030-06-01 10:31:00+00');
select tests.health_message(tests.health_conversation('a'), 'wamid.2', 'completed', '2030-06-01 11:30:00+00', '2030-06-01 11:31:00+00');
select tests.health_message(tests.health_conversation('a'), 'wamid.3', 'pending', '2030-06-01 11:58:00+00');
select tests.health_message(tests.health_conversation('a'), 'wamid.4', 'ignored', '2030-06-01 11:00:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.5', 'dead', '2030-06-01 11:10:00+00');
select tests.health_event('2030-06-01 11:00:00+00', 2);
select tests.health_event('2030-06-01 11:20:00+00', 1);
select tests.health_event('2030-06-01 11:25:00+00', 0);
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 10:31:00+00');
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:31:00+00');
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:05:00+00');
select tests.health_turn(tests.health_conversation('a'), 'abandoned', '2030-06-01 11:05:00+00');
-- Before the window: none of these count.
select tests.health_message(tests.health_conversation('a'), 'wamid.old', 'completed', '2030-06-01 09:30:00+00', '2030-06-01 09:31:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.old-dead', 'dead', '2030-06-01 09:50:00+00');
select tests.health_event('2030-06-01 09:00:00+00', 5);
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 09:05:00+00');

select results_eq(
    $$select received, completed, failed, dead, duplicates, turns, window_start, window_end
      from wahook.get_webhook_performance_stats(2)$$,
    $$values (5::bigint, 2::bigint, 1::bigint, 1::bigint, 3::bigint, 3::bigint,
        '2030-06-01 10:00:00+00'::timestamptz, '2030-06-01 12:00:00+00'::timestamptz)$$,
    'received (all stored messages, the dead one too), completed messages, failed turns, dead entries, duplicates and turns of the last 2 hours'
);
select results_eq(
    $$select received, completed, failed, dead, duplicates from wahook.get_webhook_performance_stats(3)$$,
    $$values (7::bigint, 3::bigint, 2::bigint, 2::bigint, 8::bigint)$$,
    'a wider window takes the older rows too (two more messages: one completed, one dead)'
);

select * from finish();
rollback;
