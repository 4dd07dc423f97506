begin;
select plan(3);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:30:00+00', 800) from generate_series(1, 10);

select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'p95_processing_ms_last_hour'),
    'ok', 'p95 of 800 ms, under half of 2000: ok'
);

select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:30:00+00', 5000) from generate_series(1, 2);
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'p95_processing_ms_last_hour'),
    'critical', 'two slow turns in twelve push p95 above 2000 ms: critical'
);

select wahook.update_settings('{"health_max_p95_processing_ms": 10000}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'p95_processing_ms_last_hour'),
    'ok', 'the threshold is a setting'
);

select * from finish();
rollback;
