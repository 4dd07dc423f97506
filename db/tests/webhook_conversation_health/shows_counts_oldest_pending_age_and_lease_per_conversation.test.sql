begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('busy', 'processing', null, '2030-06-01 12:01:00+00', 'timeout');
select tests.health_message(tests.health_conversation('busy'), 'wamid.1', 'processing', '2030-06-01 11:58:00+00');
select tests.health_message(tests.health_conversation('busy'), 'wamid.2', 'pending', '2030-06-01 11:58:30+00');
select tests.health_message(tests.health_conversation('busy'), 'wamid.3', 'pending', '2030-06-01 11:59:00+00');
select tests.health_message(tests.health_conversation('busy'), 'wamid.4', 'dead', '2030-06-01 10:00:00+00');
select tests.health_message(tests.health_conversation('busy'), 'wamid.5', 'completed', '2030-06-01 09:00:00+00');
select tests.health_conversation('quiet', 'idle');

select results_eq(
    $$select customer_id, state, pending_count, processing_count, dead_count, oldest_pending_at,
        oldest_pending_age_seconds, lease_owner, lease_expires_at, lease_expired, is_stuck, last_error
      from wahook.webhook_conversation_health order by customer_id$$,
    $$values
        ('busy'::text, 'processing'::text, 2::bigint, 1::bigint, 1::bigint, '2030-06-01 11:58:30+00'::timestamptz,
            90.0::numeric, 'worker-1'::text, '2030-06-01 12:01:00+00'::timestamptz, false, false, 'timeout'::text),
        ('quiet', 'idle', 0, 0, 0, null, null, null, null, false, false, null)$$,
    'one row per conversation with its pending, processing and dead messages, oldest pending age, lease and last error'
);
select is(
    (select phone_number_id from wahook.webhook_conversation_health where customer_id = 'busy'),
    '100000002',
    'with the business phone number id'
);

select * from finish();
rollback;
