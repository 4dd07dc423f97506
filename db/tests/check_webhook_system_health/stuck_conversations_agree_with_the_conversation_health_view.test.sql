begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a', 'pending', '2030-06-01 11:40:00+00');
select tests.health_conversation('b', 'retry_wait', '2030-06-01 11:45:00+00');
select tests.health_conversation('c', 'processing', null, '2030-06-01 11:30:00+00');
select tests.health_conversation('d', 'pending', '2030-06-01 11:55:00+00');
select tests.health_conversation('e', 'processing', null, '2030-06-01 11:58:00+00');
select tests.health_conversation('f', 'paused', '2030-06-01 08:00:00+00');

-- The view and the check both read wahook_private.stuck_conversations.
select is(
    (select h.value from wahook.check_webhook_system_health() as h where h.check_name = 'stuck_conversations'),
    (select count(*)::numeric from wahook.webhook_conversation_health as v where v.is_stuck),
    'the check counts exactly the conversations the view flags is_stuck'
);

select * from finish();
rollback;
