begin;
select plan(5);

select is(
    (
        select array[conversation_retention_days, agent_context_retention_days, outbox_retention_days, purge_batch_size]
        from wahook.settings
    ),
    array[90, 90, 90, 10000],
    'conversations, agent memory and settled replies are kept 90 days; purges go 10000 rows at a time'
);
select throws_ok(
    $$select wahook.update_settings('{"conversation_retention_days": 0}')$$,
    'WH020', null, 'conversation_retention_days must be positive'
);
select throws_ok(
    $$select wahook.update_settings('{"agent_context_retention_days": 0}')$$,
    'WH020', null, 'agent_context_retention_days must be positive'
);
select throws_ok(
    $$select wahook.update_settings('{"outbox_retention_days": 0}')$$,
    'WH020', null, 'outbox_retention_days must be positive'
);
select throws_ok(
    $$select wahook.update_settings('{"purge_batch_size": 10}')$$,
    'WH020', null, 'purge_batch_size is at least 100'
);

select * from finish();
rollback;
