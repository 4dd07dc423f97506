begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset kept_

create temporary table done on commit drop as
select * from wahook.complete_turns(jsonb_build_array(
    jsonb_build_object('conversation_id', 42, 'lease_token', :kept_lease_token, 'reply_text', 'nobody'),
    jsonb_build_object('conversation_id', :kept_conversation_id, 'lease_token', :kept_lease_token, 'reply_text', 'ok')
));

select is((select error_sqlstate from done where conversation_id = 42), 'WH011', 'an unknown conversation is WH011');
select is(tests.conversation_state(:kept_conversation_id), 'idle', 'its neighbour is completed');

select * from finish();
rollback;
