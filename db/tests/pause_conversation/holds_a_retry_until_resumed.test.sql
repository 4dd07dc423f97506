begin;
select plan(3);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.fail_turn(:t_conversation_id, :t_lease_token, 'timeout', 'slow');

select is(wahook.pause_conversation(:t_conversation_id, 'check it'), 'retry_wait', 'a waiting retry can be paused');
select set_config('wahook.now', '2026-06-01 12:05:00+00', true);
select is_empty('select * from wahook.claim_conversation(''worker-1'')', 'the due retry is not claimed while paused');
select wahook.resume_conversation(:t_conversation_id);
select is(
    (select (messages -> 0 ->> 'attempt')::int from wahook.claim_conversation('worker-1')), 2,
    'after resuming, the retry is claimed as the second attempt'
);

select * from finish();
rollback;
