begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00', 'u1');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(:t_conversation_id, :t_lease_token, 'a1', 30, '{}');
select tests.add_message('100000001', '15550001', 'wamid.2', '2026-06-01 12:00:00+00', 'u2');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(
    :t_conversation_id, :t_lease_token, 'a2', 20,
    jsonb_build_object((:'t_messages'::jsonb) -> 0 ->> 'id', 10)
);

select results_eq(
    format('select role, content, token_count from wahook.get_context_window(%s, 35)', :t_conversation_id),
    $$values ('user', 'u2', 10), ('assistant', 'a2', 20)$$,
    'the newest entries that fit, oldest first'
);
select results_eq(
    format('select role, content from wahook.get_context_window(%s, 1000)', :t_conversation_id),
    $$values ('user', 'u1'), ('assistant', 'a1'), ('user', 'u2'), ('assistant', 'a2')$$,
    'a large budget returns the whole memory in order'
);
select is(
    (select sum(token_count)::int from wahook.get_context_window(:t_conversation_id, 59)), 30,
    'it stops at the first entry that does not fit (no older entry fills the gap)'
);

select * from finish();
rollback;
