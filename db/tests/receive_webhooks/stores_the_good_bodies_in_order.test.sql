begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);

select results_eq(
    $$select * from wahook.receive_webhooks(
        array[
            convert_to(tests.text_message_body('100000001', '15550001', 'wamid.1', 1780315200, 'one')::text, 'UTF8'),
            convert_to(tests.messages_body('100000001', '{"statuses": [
                {"id": "wamid.out", "status": "sent", "timestamp": "1780315200", "recipient_id": "15550001"},
                {"id": "wamid.out", "status": "delivered", "timestamp": "1780315201", "recipient_id": "15550001"}
            ]}')::text, 'UTF8'),
            convert_to(tests.change_body('account_update', '{}')::text, 'UTF8')
        ],
        array['c1', null, 'c3']
    )$$,
    $$values (0, 1, null::text, null::text), (1, 2, null, null), (2, 1, null, null)$$,
    'one row per body: its index and item count'
);
select results_eq(
    $$select correlation_id, item_count, received_at, failed_at from wahook_private.webhook_inbox order by id$$,
    $$values ('c1'::text, 1, '2026-06-01 12:00:00+00'::timestamptz, null::timestamptz),
        (null, 2, '2026-06-01 12:00:00+00', null), ('c3', 1, '2026-06-01 12:00:00+00', null)$$,
    'stored in body order with the correlation ids and the receipt time'
);
select is(
    (select payload #>> '{entry,0,changes,0,value,messages,0,id}' from wahook_private.webhook_inbox where correlation_id = 'c1'),
    'wamid.1',
    'the body is kept as received'
);

select * from finish();
rollback;
