begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_

select set_config('wahook.now', '2026-06-01 12:02:00+00', true);
select throws_ok(
    format('select * from wahook.fail_turn(%s, %s, %L, %L)', :t_conversation_id, :t_lease_token, 'x', 'y'),
    'WH010', null, 'a worker whose lease expired cannot fail the turn'
);
select throws_ok(
    format('select * from wahook.fail_turn(%s, %s, %L, %L)', 42, :t_lease_token, 'x', 'y'),
    'WH011', null, 'an unknown conversation is WH011'
);

select * from finish();
rollback;
