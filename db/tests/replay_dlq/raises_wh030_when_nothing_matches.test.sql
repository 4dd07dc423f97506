begin;
select plan(2);

select throws_ok('select wahook.replay_dlq(array[42]::bigint [])', 'WH030', null, 'an unknown entry is WH030');

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.fail_turn(:t_conversation_id, :t_lease_token, 'timeout', 'slow');
select throws_ok(
    format('select wahook.replay_dlq(p_conversation_id => %s)', :t_conversation_id),
    'WH030', null, 'an entry that is not dead (retry scheduled) is not replayed'
);

select * from finish();
rollback;
