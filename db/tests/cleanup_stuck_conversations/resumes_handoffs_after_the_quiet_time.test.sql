begin;
select plan(9);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550941', 'wamid.q1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550942', 'wamid.q2', '2026-06-01 11:59:00+00');
select tests.conversation_of('100000001', '15550941') as taken \gset
select tests.conversation_of('100000001', '15550942') as operated \gset
select wahook.pause_conversation(:taken, 'takeover', 'whatsapp business app');
select wahook_private.note_pause(:taken, 'takeover', 'the business wrote in the WhatsApp Business app');
select wahook.pause_conversation(:operated, 'an operator has it', 'ops');

select throws_ok(
    $$select wahook.update_settings('{"handoff_quiet_minutes": 0}')$$,
    'WH020', null, 'a quiet time of 0 minutes is refused'
);

select set_config('wahook.now', '2026-06-02 12:00:00+00', true);
select wahook.cleanup_stuck_conversations();
select is(tests.conversation_state(:taken), 'paused', 'without a quiet time, a takeover stays paused');

select wahook.update_settings('{"handoff_quiet_minutes": 30}');
select set_config('wahook.now', '2026-06-02 12:10:00+00', true);
-- A person answers: the quiet time starts again.
select wahook.send_human_reply(:taken, 'On it', 'dana');
select set_config('wahook.now', '2026-06-02 12:39:00+00', true);
select wahook.cleanup_stuck_conversations();
select is(tests.conversation_state(:taken), 'paused', 'within 30 minutes of the person''s reply it stays paused');

select set_config('wahook.now', '2026-06-02 12:40:00+00', true);
select is((wahook.cleanup_stuck_conversations() ->> 'handoffs_resumed')::int, 1, 'cleanup counts the handoff it resumed');
select is(tests.conversation_state(:taken), 'pending', 'after 30 quiet minutes it resumes with its waiting message');
select is(
    (select actor from wahook_private.conversation_state_transitions
     where conversation_id = :taken and from_state = 'paused'),
    'quiet time',
    'the audit row says why'
);
select is(tests.conversation_state(:operated), 'paused', 'an operator''s pause never resumes by itself');

-- An echo while paused restarts the quiet time too.
select wahook.pause_conversation(:taken, 'takeover', 'whatsapp business app');
select wahook_private.note_pause(:taken, 'takeover', 'again');
select set_config('wahook.now', '2026-06-02 13:20:00+00', true);
select wahook.process_message(tests.change_body('smb_message_echoes', jsonb_build_object(
    'metadata', jsonb_build_object('display_phone_number', '15550000001', 'phone_number_id', '100000001'),
    'message_echoes', jsonb_build_array(jsonb_build_object(
        'from', '15550000001', 'to', '15550941', 'id', 'wamid.echo.q', 'timestamp', '1780319999',
        'type', 'text', 'text', jsonb_build_object('body', 'still here')
    ))
)));
select set_config('wahook.now', '2026-06-02 13:45:00+00', true);
select wahook.cleanup_stuck_conversations();
select is(tests.conversation_state(:taken), 'paused', 'an echo restarts the quiet time');
select set_config('wahook.now', '2026-06-02 13:50:00+00', true);
select wahook.cleanup_stuck_conversations();
select is(tests.conversation_state(:taken), 'pending', 'and 30 quiet minutes after it, the agent has it back');

select * from finish();
rollback;
