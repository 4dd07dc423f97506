begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select set_config('wahook.now', '2026-06-01 12:00:02.5+00', true);
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 11:59:01+00');
select set_config('wahook.now', '2026-06-01 12:00:04+00', true);
select * from wahook.claim_conversation('worker-1', null, 'corr-1') \gset claim_

select is(
    (select row(worker, status, message_count, started_at, queue_wait_ms, correlation_id)::text
     from wahook_private.agent_turns where lease_token = :claim_lease_token),
    row('worker-1', 'running', 2, '2026-06-01 12:00:04+00'::timestamptz, 4000::bigint, 'fixture-wamid.b')::text,
    'a running turn with its messages, the wait of the oldest and the correlation id of the newest'
);
select is(
    (select recent_turn_started_at from wahook_private.webhook_conversations where conversation_id = :claim_conversation_id),
    array['2026-06-01 12:00:04+00'::timestamptz],
    'the claim time is kept for the rate limit'
);
select is(
    (select lease_expires_at from wahook_private.webhook_conversations where conversation_id = :claim_conversation_id),
    '2026-06-01 12:00:04+00'::timestamptz + interval '2 minutes',
    'the default lease is settings.lease_seconds'
);

select * from finish();
rollback;
