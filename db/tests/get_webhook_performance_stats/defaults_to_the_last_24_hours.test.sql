begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_message(tests.health_conversation('a'), 'wamid.in', 'pending', '2030-05-31 12:30:00+00');
select tests.health_message(tests.health_conversation('a'), 'wamid.out', 'pending', '2030-05-31 11:30:00+00');

select results_eq(
    'select received, window_start from wahook.get_webhook_performance_stats()',
    $$values (1::bigint, '2030-05-31 12:00:00+00'::timestamptz)$$,
    'without an argument, the window is the last 24 hours'
);
select results_eq(
    'select * from wahook.get_webhook_performance_stats()',
    'select * from wahook.get_webhook_performance_stats(24)',
    'the same as get_webhook_performance_stats(24)'
);

select * from finish();
rollback;
