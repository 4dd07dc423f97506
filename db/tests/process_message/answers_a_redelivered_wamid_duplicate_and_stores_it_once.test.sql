begin;
select plan(5);

select * from wahook.process_message(tests.text_message_body('100000001', '15550001', 'wamid.d1', 1780315200, 'hi'));

select results_eq(
    $$select kind, external_id, outcome from wahook.process_message(
        tests.text_message_body('100000001', '15550001', 'wamid.d1', 1780315200, 'hi'), 'req-2')$$,
    $$values ('message', 'wamid.d1', 'duplicate')$$,
    'the same wamid again is a duplicate'
);
select is(
    (select count(*)::int from wahook_private.processed_webhook_messages where wamid = 'wamid.d1'),
    1,
    'it is stored once'
);
select is(
    (select array_agg(duplicate_count order by id) from wahook_private.webhook_events),
    array[0, 1],
    'the redelivered body counts its duplicate'
);
select is(
    (select count(*)::int from wahook_private.conversation_state_transitions),
    1,
    'the conversation changed state once'
);
-- The same wamid from another customer is another conversation's message.
select is(
    (select outcome from wahook.process_message(tests.text_message_body('100000001', '15550002', 'wamid.d1', 1780315200, 'hi'))),
    'accepted',
    'a wamid is unique within its conversation only'
);

select * from finish();
rollback;
