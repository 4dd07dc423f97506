begin;
select plan(2);

select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.out') as reply_id \gset

-- Meta may batch statuses in any order: read listed before delivered.
select is(
    (select array_agg(r.external_id || ':' || r.outcome)
     from wahook.process_message(tests.messages_body('100000001', '{"statuses": [
        {"id": "wamid.out", "status": "read", "timestamp": "1780315203", "recipient_id": "15550001"},
        {"id": "wamid.out", "status": "delivered", "timestamp": "1780315202", "recipient_id": "15550001"}
     ]}')) as r),
    array['wamid.out:applied', 'wamid.out:applied'],
    'both are applied (delivered first), rows in body order'
);
select is(
    (select status from tests.reply_row('100000001', '15550001', :reply_id)),
    'read',
    'the reply ends read'
);

select * from finish();
rollback;
