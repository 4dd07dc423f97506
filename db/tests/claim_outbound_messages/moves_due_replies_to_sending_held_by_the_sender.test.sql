begin;
select plan(7);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550101', '2025-03-01 11:30:00+00') as conversation_id \gset
select tests.outbox_reply(:conversation_id, 'first', p_correlation_id => 'req-1') as reply_id \gset

create temporary table claimed on commit drop as
select * from wahook.claim_outbound_messages('sender-a', 10, 45);

select results_eq(
    'select conversation_id, outbound_id, phone_number_id, recipient, attempt_count, last_inbound_at, correlation_id from claimed',
    format(
        $$values (%s::bigint, %s::bigint, '100000003', '15550101', 1, '2025-03-01 11:30:00+00'::timestamptz, 'req-1')$$,
        :conversation_id, :reply_id
    ),
    'the claim returns the reply with its conversation, number, recipient, first attempt, window start and correlation id'
);
select is(
    (select body #>> '{text,body}' from claimed), 'first', 'the body is the Graph API message object'
);
select is(
    (select status from wahook_private.outbound_messages where id = :reply_id), 'sending', 'the reply is sending'
);
select is(
    (select sender from wahook_private.outbound_messages where id = :reply_id), 'sender-a', 'held by the sender'
);
select is(
    (select sending_expires_at from wahook_private.outbound_messages where id = :reply_id),
    '2025-03-01 12:00:45+00'::timestamptz,
    'held until now plus the lease'
);
select is(
    (select attempt_count from wahook_private.outbound_messages where id = :reply_id), 1, 'the try is counted'
);
select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-b')$$,
    'a reply being sent is not claimed again'
);

select * from finish();
rollback;
