begin;
select plan(5);

update wahook_private.settings set agent_turns_per_minute = 2;
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 12:00:00+00');
select * from wahook.claim_conversation('worker-1') \gset t1_
select wahook.complete_turn(:t1_conversation_id, :t1_lease_token, 'ok', 1, '{}');

select set_config('wahook.now', '2026-06-01 12:00:10+00', true);
select tests.add_message('100000001', '15550001', 'wamid.2', '2026-06-01 12:00:10+00');
select * from wahook.claim_conversation('worker-1') \gset t2_
select tests.add_message('100000001', '15550001', 'wamid.3', '2026-06-01 12:00:20+00');
select set_config('wahook.now', '2026-06-01 12:00:20+00', true);
select wahook.complete_turn(:t2_conversation_id, :t2_lease_token, 'ok', 1, '{}');

select is(
    (select available_at from wahook_private.webhook_conversations where conversation_id = :t1_conversation_id),
    '2026-06-01 12:01:00+00'::timestamptz,
    'after two turns in a minute, the next may start one minute after the first'
);
select is_empty('select * from wahook.claim_conversation(''worker-1'')', 'so it is not claimed before');

select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select * from wahook.claim_conversation('worker-1') \gset t3_
select is(:t3_conversation_id, :t1_conversation_id, 'and it is claimed then');
select is(
    (select recent_turn_started_at from wahook_private.webhook_conversations where conversation_id = :t1_conversation_id),
    array['2026-06-01 12:00:10+00', '2026-06-01 12:01:00+00']::timestamptz [],
    'only the latest agent_turns_per_minute start times are kept'
);

-- A conversation made pending by someone who ignored the limit is still held to it by the claim.
select wahook.complete_turn(:t3_conversation_id, :t3_lease_token, 'ok', 1, '{}');
select tests.add_message('100000001', '15550001', 'wamid.4', '2026-06-01 12:01:00+00');
update wahook_private.webhook_conversations set available_at = '2026-06-01 12:00:00+00';
select is_empty(
    'select * from wahook.claim_conversation(''worker-1'')',
    'a claim never starts a turn over the limit, whatever available_at says'
);

select * from finish();
rollback;
