begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 11:59:00+00');
do $$
declare
    v_claim record;
begin
    for v_i in 1..2 loop
        select * into strict v_claim from wahook.claim_conversation('worker-1');
        perform wahook.fail_turn(v_claim.conversation_id, v_claim.lease_token, 'auth', 'bad key', false);
    end loop;
end
$$;

select is(
    wahook.replay_dlq(p_conversation_id => tests.conversation_of('100000001', '15550002')), 1,
    'by conversation'
);
select is(tests.message_status(tests.conversation_of('100000001', '15550001'), 'wamid.a'), 'dead', 'the other stays dead');
select is(wahook.replay_dlq(), 1, 'with no argument, every dead entry left');

select * from finish();
rollback;
