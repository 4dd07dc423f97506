begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset claim_

select throws_ok(
    format('select wahook.heartbeat(%s, %s)', :claim_conversation_id, :claim_lease_token + 1000),
    'WH010', null, 'a token that is not the lease''s is refused'
);

select set_config('wahook.now', '2026-06-01 12:02:00+00', true);
select throws_ok(
    format('select wahook.heartbeat(%s, %s)', :claim_conversation_id, :claim_lease_token),
    'WH010', null, 'an expired lease cannot be extended, even before anyone took it over'
);
select throws_ok(
    format('select wahook.heartbeat(%s, %s)', 42, :claim_lease_token),
    'WH011', null, 'an unknown conversation is WH011'
);

select * from finish();
rollback;
