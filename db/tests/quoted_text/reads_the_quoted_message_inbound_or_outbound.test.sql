begin;
select plan(7);

-- A customer asks; the business answers (sent, with its wamid); the customer quotes each.
select count(*) from wahook.process_message(tests.message_body(
    '100000001', '15550991', 'wamid.q.ask', 1780315200, 'text', '{"text": {"body": "Do you deliver on Sundays?"}}'
));
select conversation_id as conv from wahook_private.processed_webhook_messages where wamid = 'wamid.q.ask' \gset
select tests.outbox_reply(:conv, 'Yes, until noon', 'sent') as answer_id \gset
select wamid as answer_wamid from wahook_private.outbound_messages where id = :answer_id \gset

select is(
    wahook_private.quoted_text(:conv, 'wamid.q.ask'), 'Do you deliver on Sundays?',
    'an earlier customer message, as it reads'
);
select is(wahook_private.quoted_text(:conv, :'answer_wamid'), 'Yes, until noon', 'a reply of the business, by its text');
select is(wahook_private.quoted_text(:conv, 'wamid.nowhere'), null, 'a message this conversation does not know: none');
select is(wahook_private.quoted_text(:conv, null), null, 'a message that quotes nothing: none');
select is(
    wahook_private.quoted_text(:conv + 1, 'wamid.q.ask'), null, 'nor a message of another conversation'
);

select is(
    wahook_private.message_reads_as('text', 'great', wahook_private.quoted_text(:conv, :'answer_wamid')),
    '[reply to "Yes, until noon"] great',
    'a reply reads with what it quotes first'
);

update wahook_private.processed_webhook_messages set text_body = repeat('x', 500) where wamid = 'wamid.q.ask';
select is(
    pg_catalog.length(wahook_private.quoted_text(:conv, 'wamid.q.ask')), 200, 'a long quote is cut to 200 characters'
);

select * from finish();
rollback;
