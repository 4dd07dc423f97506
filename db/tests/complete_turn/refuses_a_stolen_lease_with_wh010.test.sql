begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset first_

select set_config('wahook.now', '2026-06-01 12:03:00+00', true);
select * from wahook.claim_conversation('worker-2') \gset thief_

select throws_ok(
    format('select wahook.complete_turn(%s, %s, %L, 1, %L)', :first_conversation_id, :first_lease_token, 'late', '{}'),
    'WH010', null, 'the worker whose lease was taken cannot complete'
);
select throws_ok(
    format('select * from wahook.fail_turn(%s, %s, %L, %L)', :first_conversation_id, :first_lease_token, 'x', 'y'),
    'WH010', null, 'nor fail'
);
select throws_ok(
    format('select wahook.complete_turn(%s, %s, %L, 1, %L)', 42, :first_lease_token, 'late', '{}'),
    'WH011', null, 'an unknown conversation is WH011'
);
select isnt(
    wahook.complete_turn(:thief_conversation_id, :thief_lease_token, 'answer', 1, '{}'), null,
    'the current holder completes'
);

select * from finish();
rollback;
