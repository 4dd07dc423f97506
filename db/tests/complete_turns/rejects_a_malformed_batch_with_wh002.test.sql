begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_

select throws_ok($$select * from wahook.complete_turns('{}')$$, 'WH002', null, 'not an array');
select throws_ok(
    $$select * from wahook.complete_turns('[{"conversation_id": 1}]')$$, 'WH002', null, 'a turn without its lease token'
);
select throws_ok(
    format(
        'select * from wahook.complete_turns(%L)',
        jsonb_build_array(jsonb_build_object('conversation_id', :t_conversation_id, 'lease_token', :t_lease_token, 'reply_text', ''))
    ),
    'WH002', null, 'an empty reply of a live turn fails the call, as complete_turn refuses it'
);
select is(tests.conversation_state(:t_conversation_id), 'processing', 'and nothing is completed');

select * from finish();
rollback;
