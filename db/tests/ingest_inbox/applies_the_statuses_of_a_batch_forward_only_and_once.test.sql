begin;
select plan(5);

select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.out1') as out1 \gset
select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.out2') as out2 \gset

select count(*) from wahook.receive_webhooks(array[
    -- out1: read, then delivered in a later body (stale), then read again (duplicate).
    convert_to(tests.status_body('100000001', '15550001', 'wamid.out1', 'read', 1780315202)::text, 'UTF8'),
    convert_to(tests.status_body('100000001', '15550001', 'wamid.out1', 'delivered', 1780315201)::text, 'UTF8'),
    convert_to(tests.status_body('100000001', '15550001', 'wamid.out1', 'read', 1780315202)::text, 'UTF8'),
    -- out2: read listed before delivered in one body: both apply, in rank order.
    convert_to(tests.messages_body('100000001', '{"statuses": [
        {"id": "wamid.out2", "status": "read", "timestamp": "1780315204", "recipient_id": "15550001"},
        {"id": "wamid.out2", "status": "delivered", "timestamp": "1780315203", "recipient_id": "15550001"}
    ]}')::text, 'UTF8')
]);

select results_eq(
    'select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(500)',
    $$values (4, 5, 0, 0)$$,
    'every body is ingested'
);
select is(
    (select array_agg(e.status || ':' || e.outcome order by e.id) from wahook_private.outbound_status_events as e
     where e.wamid = 'wamid.out1'),
    array['read:applied', 'delivered:stale'],
    'out1: read applied, delivered behind it stale, the second read not stored again'
);
select is(
    (select array_agg(e.status || ':' || e.outcome order by e.id) from wahook_private.outbound_status_events as e
     where e.wamid = 'wamid.out2'),
    array['delivered:applied', 'read:applied'],
    'out2: delivered then read, both applied'
);
select results_eq(
    format(
        'select status, delivered_at, read_at from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :out1
    ),
    $$values ('read'::text, null::timestamptz, to_timestamp(1780315202))$$,
    'out1 ends read, with no delivered time'
);
select results_eq(
    format(
        'select status, delivered_at, read_at from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :out2
    ),
    $$values ('read'::text, to_timestamp(1780315203), to_timestamp(1780315204))$$,
    'out2 ends read with both times'
);

select * from finish();
rollback;
