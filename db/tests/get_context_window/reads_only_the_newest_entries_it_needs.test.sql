begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.outbox_conversation('15553001') as c \gset
insert into wahook_private.agent_contexts (conversation_id, role, content, token_count)
select
    :c as conversation_id,
    case when g.n % 2 = 1 then 'user' else 'assistant' end as role,
    'entry ' || g.n as content,
    10 as token_count
from generate_series(1, 2000) as g (n);

-- Rows this transaction has read from agent_contexts so far (sequential and through indexes).
create function pg_temp.rows_read() returns bigint language sql as $$
    select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
    from pg_stat_xact_user_tables
    where relid = 'wahook_private.agent_contexts'::regclass
$$;

select pg_temp.rows_read() as before \gset
select results_eq(
    format('select content from wahook.get_context_window(%s, 35)', :c),
    $$values ('entry 1998'), ('entry 1999'), ('entry 2000')$$,
    'the three newest entries of 2000 fit'
);
select cmp_ok(
    pg_temp.rows_read() - :before, '<=', 4::bigint,
    'it reads the entries that fit and the one that does not, not the history'
);
select is(
    (select seq_scan from pg_stat_xact_user_tables where relid = 'wahook_private.agent_contexts'::regclass),
    0::bigint,
    'through the primary key, never a sequential scan'
);

select * from finish();
rollback;
