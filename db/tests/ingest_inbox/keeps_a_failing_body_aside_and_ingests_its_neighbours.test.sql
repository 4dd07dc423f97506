begin;
select plan(6);

-- A body that passed no check (written straight into the inbox) fails its batch: a message
-- without any sender has no conversation (23502). Its neighbours are ingested, in order.
select count(*) from wahook.receive_webhooks(array[
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.1', 1780315200, 'one')::text, 'UTF8'),
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.2', 1780315200, 'two')::text, 'UTF8')
]);
insert into wahook_private.webhook_inbox (correlation_id, payload, item_count)
values ('bad', tests.messages_body('100000001', '{"messages": [{"id": "wamid.bad", "type": "text", "timestamp": "1780315200"}]}'), 1);
select count(*) from wahook.receive_webhooks(array[
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.3', 1780315200, 'three')::text, 'UTF8'),
    convert_to(tests.text_message_body('100000001', '15550002', 'wamid.4', 1780315200, 'four')::text, 'UTF8')
]);

select results_eq(
    'select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(500)',
    $$values (4, 4, 4, 1)$$,
    'four bodies ingested, one kept aside'
);
select is(
    (select array_agg(m.wamid order by m.wa_timestamp, m.id) from wahook_private.processed_webhook_messages as m
     where m.conversation_id = wahook_private.conversation_key('100000001', '15550001')),
    array['wamid.1', 'wamid.2', 'wamid.3'],
    'the neighbours are queued in inbox order'
);
select results_eq(
    $$select correlation_id, failed_at is not null, left(last_error, 6) from wahook_private.webhook_inbox$$,
    $$values ('bad'::text, true, '23502:'::text)$$,
    'only the failing body stays, with its error'
);
select is(
    (select count(*)::int from wahook_private.webhook_events where correlation_id = 'bad'),
    0,
    'nothing of the failing body is stored'
);
select results_eq(
    'select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(500)',
    $$values (0, 0, 0, 0)$$,
    'it is skipped from then on'
);
select is((select count(*)::int from wahook_private.webhook_inbox), 1, 'and kept for an operator');

select * from finish();
rollback;
