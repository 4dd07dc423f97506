begin;
select plan(7);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553901') as c \gset
select tests.outbox_reply(:c, 'queued') as queued \gset
select tests.outbox_reply(:c, 'sending', 'sending', p_attempt_count => 1) as sending \gset
select tests.outbox_reply(:c, 'sent', 'sent', p_attempt_count => 1) as sent \gset
select tests.outbox_reply(:c, 'delivered', 'delivered', p_attempt_count => 1) as delivered \gset
select tests.outbox_reply(:c, 'purged', 'failed', p_attempt_count => 1) as purged \gset
update wahook_private.outbound_messages set body = '{}' where id = :purged;

select throws_ok(
    $$select wahook.resolve_outbound_message(-1, 'sent')$$,
    'WH040', null, 'a reply that does not exist'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, 'failed')$$, :queued),
    'WH040', null, 'a queued reply (it will be sent)'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, 'resend')$$, :sending),
    'WH040', null, 'a reply being sent'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, 'resend')$$, :sent),
    'WH040', null, 'a sent reply'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, 'failed')$$, :delivered),
    'WH040', null, 'a delivered reply'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, 'resend')$$, :purged),
    'WH040', null, 'a failed reply whose body retention cleared cannot be resent'
);
select is(
    (select count(*)::int from wahook_private.outbound_messages where conversation_id = :c and resolved_at is not null),
    0,
    'nothing changed'
);

select * from finish();
rollback;
