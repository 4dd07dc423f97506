begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:58:00+00', 'u1');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(:t_conversation_id, :t_lease_token, 'a1', 30, '{}');
select tests.add_message('100000001', '15550001', 'wamid.2', '2026-06-01 11:59:00+00', 'u2');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(
    :t_conversation_id, :t_lease_token, 'a2', 20, jsonb_build_object((:'t_messages'::jsonb) -> 0 ->> 'id', 10)
);
select tests.add_message('100000001', '15550001', 'wamid.3', '2026-06-01 11:59:30+00', 'u3');

select * from wahook.claim_conversations('worker-1', 1, null, 35) \gset claim_

select is(
    (select jsonb_agg(jsonb_build_array(h ->> 'role', h ->> 'content', (h ->> 'token_count')::int)) from jsonb_array_elements(:'claim_history'::jsonb) as h),
    '[["user", "u2", 10], ["assistant", "a2", 20]]'::jsonb,
    'the newest entries that fit the budget, oldest first'
);
select is(
    (
        select jsonb_agg(jsonb_build_array(w.role, w.content, w.token_count, w.created_at))
        from wahook.get_context_window(:claim_conversation_id, 35) as w
    ),
    (
        select jsonb_agg(jsonb_build_array(h ->> 'role', h ->> 'content', (h ->> 'token_count')::int, (h ->> 'created_at')::timestamptz))
        from jsonb_array_elements(:'claim_history'::jsonb) as h
    ),
    'exactly what get_context_window returns for that budget'
);
select is(
    (select history from wahook.claim_conversations('worker-2', 1, null, 0)), null,
    'nothing else is ready: no row (and no history) at all'
);

select * from finish();
rollback;
