begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00', 'u1');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(:t_conversation_id, :t_lease_token, 'a1', 30, '{}');

select is_empty(
    format('select * from wahook.get_context_window(%s, 29)', :t_conversation_id),
    'the newest entry alone exceeds the budget: nothing'
);
select ok(
    (select bool_and(coalesce((select sum(token_count) from wahook.get_context_window(:t_conversation_id, b)), 0) <= b)
     from generate_series(0, 80) as b),
    'for every budget the window sums to at most the budget'
);
select throws_ok(
    format('select * from wahook.get_context_window(%s, -1)', :t_conversation_id),
    'WH002', null, 'a negative budget is refused'
);

select * from finish();
rollback;
