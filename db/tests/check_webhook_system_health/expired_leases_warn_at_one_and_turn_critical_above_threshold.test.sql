begin;
select plan(4);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('live', 'processing', null, '2030-06-01 12:01:00+00');

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'expired_leases'$$,
    $$values ('ok'::text, 0::numeric)$$,
    'a lease that has not expired yet is fine'
);

select tests.health_conversation('gone', 'processing', null, '2030-06-01 11:59:30+00');
select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'expired_leases'$$,
    $$values ('warn'::text, 1::numeric)$$,
    'one lease past its expiry is a warning'
);

select tests.health_conversation('gone-' || i, 'processing', null, '2030-06-01 11:59:00+00') from generate_series(1, 3) as i;
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'expired_leases'),
    'critical', '4 expired leases, above the default threshold of 3: critical'
);

select wahook.update_settings('{"health_max_expired_leases": 10}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'expired_leases'),
    'warn', 'the threshold is a setting'
);

select * from finish();
rollback;
