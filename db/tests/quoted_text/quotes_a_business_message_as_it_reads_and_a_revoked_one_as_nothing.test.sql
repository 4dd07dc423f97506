begin;
select plan(3);

-- The business sent a captioned image (an echo of the WhatsApp Business app, say), then a text it
-- deleted there; the customer quotes each.
select count(*) from wahook.process_message(tests.message_body(
    '100000001', '15550992', 'wamid.q.hi', 1780315200, 'text', '{"text": {"body": "Menu?"}}'
));
select conversation_id as conv from wahook_private.processed_webhook_messages where wamid = 'wamid.q.hi' \gset
select tests.outbox_reply(:conv, 'here', 'sent') as image_id \gset
update wahook_private.outbound_messages
set body = '{"type": "image", "image": {"id": "771", "caption": "Our menu"}}'
where id = :image_id;
select tests.outbox_reply(:conv, 'Closed on Sunday', 'sent') as deleted_id \gset
select wamid as image_wamid from wahook_private.outbound_messages where id = :image_id \gset
select wamid as deleted_wamid from wahook_private.outbound_messages where id = :deleted_id \gset

select is(
    wahook_private.quoted_text(:conv, :'image_wamid'), '[image] Our menu',
    'a business message reads as the memory reads it: its type and caption'
);
select is(
    wahook_private.quoted_text(:conv, :'image_wamid'),
    wahook_private.outbound_reads_as((select body from wahook_private.outbound_messages where id = :image_id)),
    'one definition: outbound_reads_as'
);

update wahook_private.outbound_messages
set lease_token = null, author = 'whatsapp business app', revoked_at = wahook_private.clock_now(),
    body = body #- '{text,body}'
where id = :deleted_id;
select is(wahook_private.quoted_text(:conv, :'deleted_wamid'), null, 'a message the business deleted: none');

select * from finish();
rollback;
