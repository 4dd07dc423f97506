begin;
select plan(4);

select wahook_private.conversation_key('100000001', '15550001') as conversation_id \gset
select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.one') as sent_id \gset
select tests.ingest_reply('100000001', '15550001', 'queued') as queued_id \gset
select tests.ingest_reply('100000001', '15550002', 'sending') as sending_id \gset

create temporary table recorded on commit drop as
select * from wahook.record_outbound_sents(jsonb_build_array(
    jsonb_build_object('conversation_id', :conversation_id, 'outbound_id', :sent_id, 'wamid', 'wamid.two'),
    jsonb_build_object('conversation_id', :conversation_id, 'outbound_id', :queued_id, 'wamid', 'wamid.q'),
    jsonb_build_object(
        'conversation_id', wahook_private.conversation_key('100000001', '15550002'), 'outbound_id', :sending_id,
        'wamid', 'wamid.ok'
    )
));

select is(
    (select error_sqlstate from recorded where outbound_id = :sent_id), 'WH040', 'a reply sent as another wamid is refused'
);
select is(
    (select error_sqlstate from recorded where outbound_id = :queued_id), 'WH040', 'so is a queued reply'
);
select is(
    (select status from tests.reply_row('100000001', '15550001', :queued_id)), 'queued', 'and left as it was'
);
select is(
    (select status from recorded where outbound_id = :sending_id), 'sent', 'their neighbour is recorded'
);

select * from finish();
rollback;
