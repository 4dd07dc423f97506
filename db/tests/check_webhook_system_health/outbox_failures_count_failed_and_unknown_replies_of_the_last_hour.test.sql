begin;
select plan(4);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_reply(tests.health_conversation('a'), 'delivered', '2030-06-01 11:50:00+00');
select tests.health_reply(tests.health_conversation('a'), 'failed', '2030-06-01 10:30:00+00');   -- over an hour ago

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'outbox_failures_last_hour'$$,
    $$values ('ok'::text, 0::numeric)$$,
    'delivered replies, and failures older than an hour, do not count'
);

select tests.health_reply(tests.health_conversation('a'), 'failed', '2030-06-01 11:30:00+00');
select tests.health_reply(tests.health_conversation('a'), 'unknown', '2030-06-01 11:40:00+00');
select results_eq(
    $$select h.status, h.value, h.details from wahook.check_webhook_system_health() as h
      where h.check_name = 'outbox_failures_last_hour'$$,
    $$values ('warn'::text, 2::numeric,
        '2 reply(ies) in the last hour: 1 failed, 1 unknown (the send may or may not have happened)'::text)$$,
    'a failed and an unknown reply of the last hour: a warning'
);

select tests.health_reply(tests.health_conversation('a'), 'failed', '2030-06-01 11:45:00+00') from generate_series(1, 4);
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'outbox_failures_last_hour'),
    'critical', '6 in the hour, above the default 5: critical'
);

select wahook.update_settings('{"health_max_outbox_failures_per_hour": 6}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'outbox_failures_last_hour'),
    'warn', 'the threshold is a setting'
);

select * from finish();
rollback;
