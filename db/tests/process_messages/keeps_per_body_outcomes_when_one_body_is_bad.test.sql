begin;
select plan(4);

create temporary table result on commit drop as
select * from wahook.process_messages(
    jsonb_build_array(
        tests.text_message_body('100000001', '15550001', 'wamid.a', 1780315200, 'a'),
        '{"object": "whatsapp_business_account", "entry": "nope"}'::jsonb,
        tests.text_message_body('100000001', '15550002', 'wamid.b', 1780315200, 'b'),
        tests.text_message_body('100000001', '15550001', 'wamid.a', 1780315200, 'a')
    ),
    array['req-0', 'req-1', 'req-2', 'req-3']
);

select results_eq(
    'select body_index, kind, external_id, outcome, error_sqlstate from result order by body_index',
    $$values (0, 'message', 'wamid.a', 'accepted', null::text), (1, null, null, null, 'WH001'),
             (2, 'message', 'wamid.b', 'accepted', null), (3, 'message', 'wamid.a', 'duplicate', null)$$,
    'each body has its rows; the bad one one error row'
);
select ok(
    (select error_message from result where body_index = 1) like 'invalid WhatsApp webhook body: %',
    'the error row says what is wrong'
);
select is(
    (select array_agg(correlation_id order by correlation_id) from wahook_private.webhook_events),
    array['req-0', 'req-2', 'req-3'],
    'the good bodies are kept with their correlation ids, the bad one not at all'
);
select is(
    (select array_agg(wamid || ':' || correlation_id order by wamid) from wahook_private.processed_webhook_messages),
    array['wamid.a:req-0', 'wamid.b:req-2'],
    'the messages are stored once each'
);

select * from finish();
rollback;
