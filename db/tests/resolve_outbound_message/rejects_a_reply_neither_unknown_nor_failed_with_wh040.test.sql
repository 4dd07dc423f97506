begin;
select plan(9);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553901') as c \gset
select tests.outbox_reply(:c, 'queued') as queued \gset
select tests.outbox_reply(:c, 'sending', 'sending', p_attempt_count => 1) as sending \gset
select tests.outbox_reply(:c, 'sent', 'sent', p_attempt_count => 1) as sent \gset
select tests.outbox_reply(:c, 'delivered', 'delivered', p_attempt_count => 1) as delivered \gset
select tests.outbox_reply(:c, 'purged', 'failed', p_attempt_count => 1) as purged \gset
update wahook_private.outbound_messages set body = '{}' where id = :purged;
select tests.outbox_reply(:c, 'unknown', 'unknown', p_attempt_count => 1) as unknown \gset
select tests.outbox_conversation('15553902') as other \gset

select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, -1, 'sent')$$, :c),
    'WH040', null, 'a reply that does not exist'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, 'sent')$$, :other, :unknown),
    'WH040',
    format(
        'outbound message %s of conversation %s cannot be resolved (no such reply in this conversation)',
        :unknown, :other
    ),
    'an unknown reply named with another conversation'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(-1, %s, 'failed')$$, :unknown),
    'WH040', null, 'an unknown reply named with a conversation that does not exist'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, 'failed')$$, :c, :queued),
    'WH040', null, 'a queued reply (it will be sent)'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, 'resend')$$, :c, :sending),
    'WH040', null, 'a reply being sent'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, 'resend')$$, :c, :sent),
    'WH040', null, 'a sent reply'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, 'failed')$$, :c, :delivered),
    'WH040', null, 'a delivered reply'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, 'resend')$$, :c, :purged),
    'WH040', null, 'a failed reply whose body retention cleared cannot be resent'
);
select is(
    (select count(*)::int from wahook_private.outbound_messages where conversation_id = :c and resolved_at is not null),
    0,
    'nothing changed'
);

select * from finish();
rollback;
