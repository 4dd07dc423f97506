begin;
select plan(2);

-- health_stuck_after_seconds is 600: stuck means ready or expired since before 11:50.
select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a', 'pending', '2030-06-01 11:40:00+00');              -- stuck
select tests.health_conversation('b', 'retry_wait', '2030-06-01 11:45:00+00');           -- stuck: retry long due
select tests.health_conversation('c', 'processing', null, '2030-06-01 11:30:00+00');     -- stuck: lease long expired
select tests.health_conversation('d', 'pending', '2030-06-01 11:55:00+00');              -- ready for 5 minutes only
select tests.health_conversation('e', 'retry_wait', '2030-06-01 12:03:00+00');           -- retry not due yet
select tests.health_conversation('f', 'processing', null, '2030-06-01 11:58:00+00');     -- expired 2 minutes ago only
select tests.health_conversation('g', 'paused', '2030-06-01 08:00:00+00');               -- a human has it
select tests.health_conversation('h', 'idle', '2030-06-01 08:00:00+00');                 -- nothing to do

select is(
    (select h.value from wahook.check_webhook_system_health() as h where h.check_name = 'stuck_conversations'),
    3::numeric,
    'pending or retry_wait ready for over 10 minutes, or processing with a lease expired over 10 minutes ago'
);
select ok(
    (select h.details from wahook.check_webhook_system_health() as h where h.check_name = 'stuck_conversations')
    like '%' || wahook_private.conversation_key('100000002', 'c') || ' (processing)%',
    'details name the stuck conversations, longest stuck first'
);

select * from finish();
rollback;
