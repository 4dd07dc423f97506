begin;
select plan(2);

select tests.ingest_reply('100000001', '15550001', 'unknown') as reply_id \gset

select is(
    wahook.record_outbound_sent(wahook_private.conversation_key('100000001', '15550001'), :reply_id, 'wamid.late'),
    'sent',
    'a reply left unknown after its sending timeout is sent once its wamid is recorded'
);
select is(
    (select wamid from tests.reply_row('100000001', '15550001', :reply_id)),
    'wamid.late',
    'status webhooks can now find it'
);

select * from finish();
rollback;
