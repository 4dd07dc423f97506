begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset claim_

select is(
    wahook.complete_turn(:claim_conversation_id, :claim_lease_token, null, null, '{}'), null,
    'a turn without a reply returns no outbox id'
);
select is((select count(*)::int from wahook_private.outbound_messages), 0, 'and queues nothing');
select is(tests.message_status(:claim_conversation_id, 'wamid.a'), 'completed', 'its messages are completed');

select * from finish();
rollback;
