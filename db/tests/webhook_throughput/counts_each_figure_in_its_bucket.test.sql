begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:34:56+00', true);
select tests.health_conversation('a');
select tests.health_message(tests.health_conversation('a'), 'wamid.' || i, 'pending', '2030-06-01 12:20:00+00')
from generate_series(1, 10) as i;
select tests.health_message(tests.health_conversation('a'), 'wamid.done', 'completed', '2030-06-01 12:20:00+00', '2030-06-01 12:31:00+00');
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 12:24:59+00');
select tests.health_event('2030-06-01 12:21:00+00', 2);
select tests.health_reply(tests.health_conversation('a'), 'sent', '2030-06-01 12:31:00+00');
-- Older than 24 hours: outside the view.
select tests.health_message(tests.health_conversation('a'), 'wamid.old', 'pending', '2030-05-31 12:00:00+00');

select results_eq(
    $$select bucket_start, received, completed, failed, duplicates, replies, received_per_minute, completed_per_minute
      from wahook.webhook_throughput where received + completed + failed + duplicates + replies > 0 order by bucket_start$$,
    $$values
        ('2030-06-01 12:20:00+00'::timestamptz, 11::bigint, 0::bigint, 1::bigint, 2::bigint, 0::bigint, 2.20::numeric, 0.00::numeric),
        ('2030-06-01 12:30:00+00', 0, 1, 0, 0, 1, 0.00, 0.20)$$,
    'received, completed, failed turns, duplicates and replies per 5 minutes, with per-minute rates'
);

select * from finish();
rollback;
