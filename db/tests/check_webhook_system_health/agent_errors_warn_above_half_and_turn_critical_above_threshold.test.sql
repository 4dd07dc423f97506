begin;
select plan(3);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:30:00+00') from generate_series(1, 6);

select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'agent_errors_last_hour'),
    'warn', '6 failed turns in the hour, above half of 10: warn'
);

select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:30:00+00') from generate_series(1, 5);
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'agent_errors_last_hour'),
    'critical', '11 failed turns, above 10: critical'
);

select wahook.update_settings('{"health_max_errors_per_hour": 30}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'agent_errors_last_hour'),
    'ok', 'the threshold is a setting: 11 is under half of 30'
);

select * from finish();
rollback;
