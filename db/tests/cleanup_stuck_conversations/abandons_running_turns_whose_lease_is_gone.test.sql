begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
-- A turn row left running by a path that did not close it (its lease is not the conversation's).
insert into wahook_private.agent_turns (conversation_id, lease_token, worker, message_count, started_at)
values (:t_conversation_id, :t_lease_token - 1, 'ghost', 1, '2026-06-01 11:00:00+00');

select is(
    (wahook.cleanup_stuck_conversations() ->> 'turns_abandoned')::int, 1,
    'the orphan turn is abandoned'
);
select is(
    (select status from wahook_private.agent_turns where lease_token = :t_lease_token), 'running',
    'the turn of the live lease keeps running'
);

select * from finish();
rollback;
