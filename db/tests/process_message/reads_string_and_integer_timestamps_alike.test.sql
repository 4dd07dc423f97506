begin;
select plan(3);

select is(
    (select outcome from wahook.process_message(tests.text_message_body('100000001', '15550001', 'wamid.s', 1669233778, 'a'))),
    'accepted',
    'a string timestamp is read'
);
select is(
    (select outcome from wahook.process_message(jsonb_set(
        tests.text_message_body('100000001', '15550001', 'wamid.i', 1669233779, 'b'),
        '{entry,0,changes,0,value,messages,0,timestamp}', '1669233779'::jsonb
    ))),
    'accepted',
    'an integer timestamp is read'
);
select is(
    (select array_agg(wa_timestamp order by wamid) from wahook_private.processed_webhook_messages),
    array['2022-11-23 20:02:59+00', '2022-11-23 20:02:58+00']::timestamptz [],
    'both are Unix seconds'
);

select * from finish();
rollback;
