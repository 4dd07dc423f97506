begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_message(tests.health_conversation('held', 'paused'), 'wamid.held', 'pending', '2030-06-01 09:00:00+00');
select tests.health_message(tests.health_conversation('done'), 'wamid.done', 'completed', '2030-06-01 09:00:00+00');
select tests.health_message(tests.health_conversation('dead'), 'wamid.dead', 'dead', '2030-06-01 09:00:00+00');
select tests.health_message(tests.health_conversation('skip'), 'wamid.ign', 'ignored', '2030-06-01 09:00:00+00');
select tests.health_message(tests.health_conversation('busy', 'processing'), 'wamid.busy', 'processing', '2030-06-01 09:00:00+00');

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h
      where h.check_name = 'oldest_pending_message_seconds'$$,
    $$values ('ok'::text, null::numeric)$$,
    'messages of a paused conversation, and messages not pending, do not count'
);

select * from finish();
rollback;
