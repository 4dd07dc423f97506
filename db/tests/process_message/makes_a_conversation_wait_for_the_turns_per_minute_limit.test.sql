begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set agent_turns_per_minute = 2;

-- The conversation exists, idle, with two turns started in the last minute.
select * from wahook.process_message(tests.message_body('100000001', '15550001', 'wamid.r', 1780315100, 'reaction'));
update wahook_private.webhook_conversations
set recent_turn_started_at = array['2026-06-01 11:59:20+00', '2026-06-01 11:59:40+00']::timestamptz []
where conversation_id = wahook_private.conversation_key('100000001', '15550001');

select is(
    (select outcome from wahook.process_message(tests.text_message_body('100000001', '15550001', 'wamid.t', 1780315200, 'hi'))),
    'accepted',
    'the message is accepted'
);
select results_eq(
    $$select state, available_at from wahook_private.webhook_conversations$$,
    $$values ('pending', '2026-06-01 12:00:20+00'::timestamptz)$$,
    'the conversation is pending but available a minute after the older of the last two turns'
);

select * from finish();
rollback;
