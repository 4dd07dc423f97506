begin;
select plan(4);

insert into wahook_private.webhook_inbox (correlation_id, payload, item_count, failed_at, last_error)
select
    'failed-' || n as correlation_id,
    tests.text_message_body('100000001', '15550001', 'wamid.' || n, 1780315200, 'x') as payload,
    1 as item_count,
    now() as failed_at,
    '23502: test' as last_error
from generate_series(1, 3) as n;

select is(
    wahook.retry_inbox_failures((select array_agg(id) from wahook_private.webhook_inbox where correlation_id = 'failed-1')),
    1,
    'the one named'
);
select results_eq(
    'select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(500)',
    $$values (1, 1, 1, 0)$$,
    'is ingested by the next call'
);
select is(wahook.retry_inbox_failures(), 2, 'without ids: all of them');
select is(
    (select count(*)::int from wahook_private.webhook_inbox where failed_at is not null or last_error is not null),
    0,
    'none is marked failed any more'
);

select * from finish();
rollback;
