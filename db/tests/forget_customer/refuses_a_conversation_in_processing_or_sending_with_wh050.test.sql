begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset

select throws_ok(
    $$select wahook.forget_customer('100000001', '15550001')$$,
    'WH050', null, 'a conversation in processing is refused: the turn would write rows back'
);
select wahook.complete_turn(:conversation_id, :lease_token, 'hello', 1, '{}');
select count(*) from wahook.claim_outbound_messages('sender-1');
select throws_ok(
    $$select wahook.forget_customer('100000001', '15550001')$$,
    'WH050', null, 'a conversation with a reply in sending is refused: the reply may go out'
);
select wahook.record_outbound_sent(:conversation_id, id, 'wamid.out.1')
from wahook_private.outbound_messages where conversation_id = :conversation_id;
select is(
    (wahook.forget_customer('100000001', '15550001') ->> 'webhook_conversations')::int, 1,
    'once the send is recorded, the customer is forgotten'
);
select throws_ok($$select wahook.forget_customer('100000001', '')$$, 'WH002', null, 'an empty customer id is refused');
select function_privs_are(
    'wahook', 'forget_customer', array['text', 'text'], 'wahook_service', array['EXECUTE'],
    'the service role may forget a customer'
);

select * from finish();
rollback;
