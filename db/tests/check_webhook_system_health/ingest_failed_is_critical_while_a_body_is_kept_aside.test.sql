begin;
select plan(3);

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_failed'$$,
    $$values ('ok'::text, 0::numeric)$$,
    'no failed body: ok'
);

-- A body no check let in (no sender): ingest_inbox keeps it aside.
insert into wahook_private.webhook_inbox (correlation_id, payload, item_count)
values ('bad', tests.messages_body('100000001', '{"messages": [{"id": "wamid.bad", "type": "text", "timestamp": "1780315200"}]}'), 1);
select * from wahook.ingest_inbox(500);

select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_failed'$$,
    $$values ('critical'::text, 1::numeric)$$,
    'one failed body: critical'
);

select wahook.retry_inbox_failures();
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_failed'),
    'ok', 'put back in the queue: ok again'
);

select * from finish();
rollback;
