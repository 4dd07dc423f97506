begin;
select plan(6);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset gone_
select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select * from wahook.claim_conversation('worker-2') \gset live_

select set_config('wahook.now', '2026-06-01 12:02:30+00', true);
select wahook.cleanup_stuck_conversations() as summary \gset

select is((:'summary'::jsonb) ->> 'expired_leases_released', '1', 'one expired lease is freed');
select is(tests.conversation_state(:gone_conversation_id), 'pending', 'its conversation is pending again');
select is(
    (select row(status, attempt_count)::text from wahook_private.processed_webhook_messages
     where conversation_id = :gone_conversation_id),
    row('pending', 1)::text,
    'its message is pending, the lost attempt counted'
);
select is(
    (select row(from_state, to_state, actor)::text from wahook_private.conversation_state_transitions
     where conversation_id = :gone_conversation_id order by id desc limit 1),
    row('processing', 'pending', 'cleanup')::text,
    'the release is audited'
);
select is(
    (select status from wahook_private.agent_turns where lease_token = :gone_lease_token), 'abandoned',
    'the lost turn is abandoned'
);
select is(tests.conversation_state(:live_conversation_id), 'processing', 'a live lease is left alone');

select * from finish();
rollback;
