begin;
select plan(4);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_message(tests.health_conversation('a', 'pending'), 'wamid.new', 'pending', '2030-06-01 11:57:00+00');

select results_eq(
    $$select h.status, h.value, h.threshold from wahook.check_webhook_system_health() as h
      where h.check_name = 'oldest_pending_message_seconds'$$,
    $$values ('ok'::text, 180::numeric, 600::numeric)$$,
    'a message pending for 3 minutes, under half of 10 minutes: ok'
);

select tests.health_message(tests.health_conversation('a'), 'wamid.older', 'pending', '2030-06-01 11:54:00+00');
select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h
      where h.check_name = 'oldest_pending_message_seconds'$$,
    $$values ('warn'::text, 360::numeric)$$,
    'the oldest pending message counts: 6 minutes, above half the threshold, is a warning'
);

select tests.health_message(tests.health_conversation('b', 'pending'), 'wamid.oldest', 'pending', '2030-06-01 11:49:00+00');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'oldest_pending_message_seconds'),
    'critical', '11 minutes, above 10: critical'
);

select wahook.update_settings('{"health_max_oldest_pending_seconds": 3600}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'oldest_pending_message_seconds'),
    'ok', 'the threshold is a setting: 11 minutes is under half an hour'
);

select * from finish();
rollback;
