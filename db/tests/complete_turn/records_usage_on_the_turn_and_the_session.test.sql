begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t1_
select set_config('wahook.now', '2026-06-01 12:00:03+00', true);
select wahook.complete_turn(
    :t1_conversation_id, :t1_lease_token, 'one', 1, '{}',
    '{"provider": "openai", "model": "m1", "tokens_in": 100, "tokens_out": 20, "latency_ms": 900}'
);
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 12:00:03+00');
select set_config('wahook.now', '2026-06-01 12:00:20+00', true);
select * from wahook.claim_conversation('worker-1') \gset t2_
select wahook.complete_turn(
    :t2_conversation_id, :t2_lease_token, 'two', 1, '{}',
    '{"provider": "echo", "model": "m2", "tokens_in": 50, "tokens_out": 5, "latency_ms": 100}'
);

select is(
    (select row(status, finished_at, provider, model, tokens_in, tokens_out, latency_ms)::text
     from wahook_private.agent_turns where lease_token = :t1_lease_token),
    row('completed', '2026-06-01 12:00:03+00'::timestamptz, 'openai', 'm1', 100, 20, 900)::text,
    'the turn is completed with its usage'
);
select is(
    (select row(turn_count, tokens_in_total, tokens_out_total, latency_ms_total, last_provider, last_model, last_turn_at)::text
     from wahook_private.agent_sessions where conversation_id = :t1_conversation_id),
    row(2::bigint, 150::bigint, 25::bigint, 1000::bigint, 'echo', 'm2', '2026-06-01 12:00:20+00'::timestamptz)::text,
    'the session adds up the turns'
);

select * from finish();
rollback;
