begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:30:00+00', p_error_code => 'timeout');
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:40:00+00', p_error_code => 'timeout');
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:50:00+00', p_error_code => 'http_500');
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 10:50:00+00');      -- over an hour ago
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:50:00+00');
select tests.health_turn(tests.health_conversation('a'), 'abandoned', '2030-06-01 11:50:00+00');

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'agent_errors_last_hour'$$,
    $$values ('ok'::text, 3::numeric)$$,
    'the turns that failed in the last hour count; older, completed and abandoned turns do not'
);
select is(
    (select h.details from wahook.check_webhook_system_health() as h where h.check_name = 'agent_errors_last_hour'),
    '3 agent turn(s) failed in the last hour, by error code: timeout: 2, http_500: 1',
    'details count the failures by error code, most frequent first'
);

select * from finish();
rollback;
