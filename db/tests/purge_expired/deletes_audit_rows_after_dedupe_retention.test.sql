begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
update wahook_private.settings set dedupe_retention_days = 30;

select tests.maintenance_conversation() as conversation_id \gset
insert into wahook_private.conversation_state_transitions (conversation_id, from_state, to_state, reason, created_at)
values
(:conversation_id, 'idle', 'pending', 'old', '2026-05-01 00:00:00+00'),
(:conversation_id, 'pending', 'idle', 'young', '2026-05-30 00:00:00+00');
insert into wahook_private.agent_turns (conversation_id, lease_token, worker, status, message_count, started_at, finished_at)
values
(:conversation_id, 1, 'w', 'completed', 1, '2026-05-01 00:00:00+00', '2026-05-01 00:00:01+00'),
(:conversation_id, 2, 'w', 'running', 1, '2026-05-01 00:00:00+00', null),
(:conversation_id, 3, 'w', 'failed', 1, '2026-05-30 00:00:00+00', '2026-05-30 00:00:01+00');

select is(
    wahook.purge_expired() -> 'conversation_transitions_deleted', '1'::jsonb,
    'one conversation audit row is older than 30 days'
);
select is(
    array(select reason from wahook_private.conversation_state_transitions), array['young'],
    'the young conversation audit row is kept'
);
select is(
    array(select lease_token from wahook_private.agent_turns order by lease_token), array[2, 3]::bigint [],
    'finished agent turns older than 30 days are deleted; running and young turns stay'
);

select * from finish();
rollback;
