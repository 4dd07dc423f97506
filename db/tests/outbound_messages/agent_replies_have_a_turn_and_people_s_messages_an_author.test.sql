begin;
select plan(4);

select tests.outbox_conversation('15550991') as c \gset

select throws_ok(
    format($$insert into wahook_private.outbound_messages (conversation_id, phone_number_id, recipient, body)
             values (%s, '100000003', '15550991', '{}')$$, :c),
    '23514', null, 'a message with neither a turn nor an author is refused'
);
select throws_ok(
    format($$insert into wahook_private.outbound_messages (conversation_id, phone_number_id, recipient, body, lease_token, author)
             values (%s, '100000003', '15550991', '{}', 1, 'dana')$$, :c),
    '23514', null, 'so is one with both'
);
select throws_ok(
    format($$insert into wahook_private.outbound_messages (conversation_id, phone_number_id, recipient, body, lease_token, status)
             values (%s, '100000003', '15550991', '{}', 2, 'withheld')$$, :c),
    '23514', null, 'withheld needs withheld_at'
);
select throws_ok(
    format($$insert into wahook_private.outbound_messages (conversation_id, phone_number_id, recipient, body, lease_token, edited_at)
             values (%s, '100000003', '15550991', '{}', 3, now())$$, :c),
    '23514', null, 'only people''s messages are edited or revoked'
);

select * from finish();
rollback;
