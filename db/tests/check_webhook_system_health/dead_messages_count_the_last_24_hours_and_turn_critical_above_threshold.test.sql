begin;
select plan(4);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.old', 'dead', '2030-05-31 11:00:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.replayed', 'replayed', '2030-06-01 11:00:00+00');

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'dead_messages_last_24h'$$,
    $$values ('ok'::text, 0::numeric)$$,
    'a message dead for over 24 hours, and one replayed since, do not count'
);

select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.new', 'dead', '2030-06-01 10:00:00+00');
select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'dead_messages_last_24h'$$,
    $$values ('warn'::text, 1::numeric)$$,
    'one message dead in the last 24 hours is a warning'
);

select wahook.update_settings('{"health_max_dead_messages_per_day": 0}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'dead_messages_last_24h'),
    'critical', 'with health_max_dead_messages_per_day at 0, one is critical'
);
select ok(
    (select h.details from wahook.check_webhook_system_health() as h where h.check_name = 'dead_messages_last_24h')
    like '%replay_dlq%',
    'details point at wahook.replay_dlq'
);

select * from finish();
rollback;
