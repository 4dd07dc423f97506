begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_

select throws_ok(
    format('select wahook.release_turn(%s, %s)', :t_conversation_id, :t_lease_token + 1000),
    'WH010', null, 'a token that is not the lease''s is refused'
);
select throws_ok(
    format('select wahook.release_turn(%s, %s)', 42, :t_lease_token),
    'WH011', null, 'an unknown conversation is WH011'
);
select set_config('wahook.now', '2026-06-01 12:05:00+00', true);
select throws_ok(
    format('select wahook.release_turn(%s, %s)', :t_conversation_id, :t_lease_token),
    'WH010', null, 'an expired lease cannot be released: cleanup counts it as a failed attempt'
);

select * from finish();
rollback;
