begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.outbox_conversation('15553002') as c \gset
-- Entries of 0 tokens too: one after an entry that does not fit stays out.
insert into wahook_private.agent_contexts (conversation_id, role, content, token_count)
select
    :c as conversation_id,
    case when e.n % 2 = 1 then 'user' else 'assistant' end as role,
    'entry ' || e.n as content,
    e.tokens as token_count
from unnest(array[5, 0, 7, 0, 0, 3, 10, 0, 4, 0]) with ordinality as e (tokens, n);

-- The definition: the newest entries whose running sum, newest first, is within the budget.
create function pg_temp.expected(p_conversation_id bigint, p_budget integer) returns text [] language sql as $$
    select coalesce(array_agg(w.content order by w.id), '{}')
    from (
        select a.id, a.content, sum(a.token_count) over (order by a.id desc rows unbounded preceding) as running
        from wahook_private.agent_contexts as a
        where a.conversation_id = p_conversation_id
    ) as w
    where w.running <= p_budget
$$;

select is(
    (
        select count(*)::int from generate_series(0, 35) as b (budget)
        where (
            select coalesce(array_agg(w.content), '{}') from wahook.get_context_window(:c, b.budget) as w
        ) is distinct from pg_temp.expected(:c, b.budget)
    ),
    0,
    'for every budget from 0 to 35, the same entries in the same order as the running sum'
);
select results_eq(
    format('select content, token_count from wahook.get_context_window(%s, 4)', :c),
    $$values ('entry 8', 0), ('entry 9', 4), ('entry 10', 0)$$,
    'it stops at entry 7 (10 tokens), which does not fit: the older entries 4 and 5 of 0 tokens stay out'
);

select * from finish();
rollback;
