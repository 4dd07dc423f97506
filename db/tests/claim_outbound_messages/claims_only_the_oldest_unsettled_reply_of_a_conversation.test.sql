begin;
select plan(4);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550301') as c \gset
select tests.outbox_reply(:c, 'first') as first \gset
select tests.outbox_reply(:c, 'second') as second \gset

select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :first),
    'of two queued replies of one conversation, only the first is claimed'
);
select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-b')$$,
    'the second does not leave while the first is being sent'
);

update wahook_private.outbound_messages
set status = 'sent', wamid = 'wamid.first', sender = null, sending_expires_at = null, sent_at = wahook_private.clock_now()
where id = :first;

select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-b')$$,
    format('values (%s::bigint)', :second),
    'once the first is sent, the second is claimed'
);
select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-a')$$,
    'and nothing else'
);

select * from finish();
rollback;
