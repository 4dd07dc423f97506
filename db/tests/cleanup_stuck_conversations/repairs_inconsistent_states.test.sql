begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
-- pending with nothing pending
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
update wahook_private.processed_webhook_messages set status = 'ignored' where wamid = 'wamid.a';
-- idle with a message pending
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 11:59:00+00');
select wahook_private.transition_conversation(tests.conversation_of('100000001', '15550002'), 'pending', 'idle', 'test: broken');

select is(
    wahook.cleanup_stuck_conversations() - array[
        'expired_leases_released', 'messages_dead', 'turns_abandoned', 'replies_marked_unknown',
        'replies_resent_unconfirmed', 'replies_failed_unconfirmed', 'handoffs_resumed'
    ],
    '{"conversations_made_idle": 1, "conversations_made_pending": 1}'::jsonb,
    'both are repaired'
);
select is(tests.conversation_state(tests.conversation_of('100000001', '15550001')), 'idle', 'nothing pending: idle');
select is(tests.conversation_state(tests.conversation_of('100000001', '15550002')), 'pending', 'messages pending: pending');

select * from finish();
rollback;
