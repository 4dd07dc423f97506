begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.1', 'retry_scheduled', '2030-06-01 11:59:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.2', 'retrying', '2030-06-01 11:58:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.3', 'dead', '2030-06-01 11:00:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.4', 'resolved', '2030-06-01 11:00:00+00');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.5', 'replayed', '2030-06-01 11:00:00+00');

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'dlq_pending'$$,
    $$values ('ok'::text, 2::numeric)$$,
    'retry_scheduled and retrying entries are pending; dead, resolved and replayed are not'
);
select ok(
    (select h.details from wahook.check_webhook_system_health() as h where h.check_name = 'dlq_pending')
    like '%next retry due at 2030-06-01 12:00:00+00%',
    'details say when the next retry is due'
);

select * from finish();
rollback;
