begin;
select plan(6);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15551601') as c \gset
select tests.outbox_reply(:c, 'queued', p_next_attempt_at => '2025-03-02 00:00:00+00') as queued \gset
select tests.outbox_conversation('15551602') as c2 \gset
select tests.outbox_reply(:c2, 'held by sender-other', 'sending', p_attempt_count => 1) as held \gset
select tests.outbox_conversation('15551603') as c3 \gset
select tests.outbox_reply(:c3, 'sent', 'sent', p_attempt_count => 1) as sent \gset

select throws_ok(
    format($$select * from wahook.record_outbound_failure(%s, %s, 'sender-a', 'x', 'y', true)$$, :c, :queued),
    'WH040', null, 'a queued reply'
);
select throws_ok(
    format($$select * from wahook.record_outbound_failure(%s, %s, 'sender-a', 'x', 'y', true)$$, :c2, :held),
    'WH040', null, 'a reply held by another sender'
);
select throws_ok(
    format($$select * from wahook.record_outbound_failure(%s, %s, 'sender-a', 'x', 'y', true)$$, :c3, :sent),
    'WH040', null, 'a sent reply'
);
select throws_ok(
    format($$select * from wahook.record_outbound_failure(%s, %s, 'sender-other', 'x', 'y', true)$$, :c, :held),
    'WH040', null, 'a reply named with another conversation'
);
select is(
    (select status from wahook_private.outbound_messages where id = :held), 'sending', 'nothing changed'
);

select status from wahook.record_outbound_failure(:c2, :held, 'sender-other', 'x', 'y', false);
select throws_ok(
    format($$select * from wahook.record_outbound_failure(%s, %s, 'sender-other', 'x', 'y', false)$$, :c2, :held),
    'WH040', null, 'a failure recorded twice'
);

select * from finish();
rollback;
