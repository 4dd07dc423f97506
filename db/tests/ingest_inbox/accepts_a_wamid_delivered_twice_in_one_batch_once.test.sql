begin;
select plan(5);

-- Meta's retries can land in one batch: the same wamid in two bodies, and twice in one body.
select count(*) from wahook.receive_webhooks(array[
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.x', 1780315200, 'x')::text, 'UTF8'),
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.x', 1780315200, 'x')::text, 'UTF8'),
    convert_to(tests.messages_body('100000001', '{"messages": [
        {"from": "15550002", "id": "wamid.y", "timestamp": "1780315200", "type": "text", "text": {"body": "y"}},
        {"from": "15550002", "id": "wamid.y", "timestamp": "1780315200", "type": "text", "text": {"body": "y"}}
    ]}')::text, 'UTF8'),
    -- Same WhatsApp time, one conversation: the queue follows the inbox order.
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.z1', 1780315300, 'z1')::text, 'UTF8'),
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.z2', 1780315300, 'z2')::text, 'UTF8')
], array['b1', 'b2', 'b3', 'b4', 'b5']);

select results_eq(
    'select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(500)',
    $$values (5, 6, 4, 0)$$,
    '5 bodies, 6 items, 4 accepted: wamid.x and wamid.y once each, z1 and z2'
);
select is(
    (select array_agg(m.wamid order by m.wamid) from wahook_private.processed_webhook_messages as m),
    array['wamid.x', 'wamid.y', 'wamid.z1', 'wamid.z2'],
    'each wamid is stored once'
);
select is(
    (select array_agg(m.correlation_id order by m.wamid) from wahook_private.processed_webhook_messages as m),
    array['b1', 'b3', 'b4', 'b5'],
    'from its first delivery'
);
select is(
    (select array_agg(w.duplicate_count order by w.id) from wahook_private.webhook_events as w),
    array[0, 1, 1, 0, 0],
    'the later deliveries count as duplicates of their bodies'
);
select is(
    (select array_agg(m.wamid order by m.wa_timestamp, m.id) from wahook_private.processed_webhook_messages as m
     where m.conversation_id = wahook_private.conversation_key('100000001', '15550001')),
    array['wamid.x', 'wamid.z1', 'wamid.z2'],
    'the queue of a conversation follows WhatsApp time, then inbox order'
);

select * from finish();
rollback;
