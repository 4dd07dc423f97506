begin;
select plan(6);

select wahook_private.conversation_key('100000001', '15550001') as conversation_id \gset
select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.one') as sent_id \gset
select tests.ingest_reply('100000001', '15550001', 'queued') as queued_id \gset
select tests.ingest_reply('100000001', '15550001', 'sending') as sending_id \gset

select throws_ok(
    format('select wahook.record_outbound_sent(%s, %s, %L)', :conversation_id, :sent_id, 'wamid.two'),
    'WH040', null, 'a reply sent as another wamid'
);
select throws_ok(
    format('select wahook.record_outbound_sent(%s, %s, %L)', :conversation_id, :queued_id, 'wamid.q'),
    'WH040', null, 'a queued reply (not claimed by a sender)'
);
select throws_ok(
    format('select wahook.record_outbound_sent(%s, %s, %L)', :conversation_id, -1, 'wamid.q'),
    'WH040', null, 'a reply that does not exist'
);
select throws_ok(
    format('select wahook.record_outbound_sent(%s, %s, %L)', :conversation_id, :sending_id, 'wamid.one'),
    'WH002', null, 'a wamid that belongs to another reply'
);
select throws_ok(
    format('select wahook.record_outbound_sent(%s, %s, %L)', :conversation_id, :sending_id, repeat('w', 513)),
    'WH002', null, 'an oversized wamid'
);
select is(
    (select status from tests.reply_row('100000001', '15550001', :sending_id)),
    'sending',
    'the reply is left as it was'
);

select * from finish();
rollback;
