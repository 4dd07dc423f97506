begin;
select plan(3);

select tests.ingest_reply('100000001', '15550001', 'sending') as reply_id \gset
select wahook.record_outbound_sent(wahook_private.conversation_key('100000001', '15550001'), :reply_id, 'wamid.i');
select * from wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.i', 'delivered', 1780315202));
select sent_at as first_sent_at from tests.reply_row('100000001', '15550001', :reply_id) \gset

select is(
    wahook.record_outbound_sent(wahook_private.conversation_key('100000001', '15550001'), :reply_id, 'wamid.i'),
    'delivered',
    'recording the same send again (a retried call) returns the current status'
);
select is(
    (select sent_at from tests.reply_row('100000001', '15550001', :reply_id)),
    :'first_sent_at'::timestamptz,
    'and changes nothing'
);
select is(
    (select count(*)::int from wahook_private.outbound_messages where wamid = 'wamid.i'),
    1,
    'one reply has the wamid'
);

select * from finish();
rollback;
