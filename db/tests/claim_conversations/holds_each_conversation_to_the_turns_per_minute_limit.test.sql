begin;
select plan(3);

update wahook_private.settings set agent_turns_per_minute = 1;
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 12:00:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(:t_conversation_id, :t_lease_token, 'ok', 1, '{}');
select tests.add_message('100000001', '15550001', 'wamid.2', '2026-06-01 12:00:00+00');
select tests.add_message('100000001', '15550002', 'wamid.3', '2026-06-01 12:00:00+00');
-- Made ready by someone who ignored the limit.
update wahook_private.webhook_conversations set available_at = '2026-06-01 11:00:00+00'
where conversation_id = :t_conversation_id;

select set_config('wahook.now', '2026-06-01 12:00:10+00', true);
select results_eq(
    'select customer_id from wahook.claim_conversations(''worker-1'', 5)',
    $$values ('15550002')$$,
    'a conversation over its limit is passed over and the next one claimed'
);
select is(
    (select available_at from wahook_private.webhook_conversations where conversation_id = :t_conversation_id),
    '2026-06-01 12:01:00+00'::timestamptz,
    'the one held back is ready again when its limit allows'
);
select is(tests.conversation_state(:t_conversation_id), 'pending', 'and still pending');

select * from finish();
rollback;
