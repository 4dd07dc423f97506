begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('ready-long', 'pending', '2030-06-01 11:40:00+00');
select tests.health_conversation('ready-now', 'pending', '2030-06-01 11:59:00+00');
select tests.health_conversation('retry-due-long', 'retry_wait', '2030-06-01 11:45:00+00');
select tests.health_conversation('retry-later', 'retry_wait', '2030-06-01 12:05:00+00');
select tests.health_conversation('lease-long-gone', 'processing', null, '2030-06-01 11:30:00+00');
select tests.health_conversation('lease-just-gone', 'processing', null, '2030-06-01 11:59:00+00');
select tests.health_conversation('lease-live', 'processing', null, '2030-06-01 12:01:00+00');
select tests.health_conversation('paused-long', 'paused', '2030-06-01 08:00:00+00');

select results_eq(
    'select customer_id, lease_expired, is_stuck from wahook.webhook_conversation_health order by customer_id',
    $$values
        ('lease-just-gone'::text, true, false),
        ('lease-live', false, false),
        ('lease-long-gone', true, true),
        ('paused-long', false, false),
        ('ready-long', false, true),
        ('ready-now', false, false),
        ('retry-due-long', false, true),
        ('retry-later', false, false)$$,
    'stuck: ready but unclaimed, or the lease expired, for over health_stuck_after_seconds; paused never'
);

select * from finish();
rollback;
