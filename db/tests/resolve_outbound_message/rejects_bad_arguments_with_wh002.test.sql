begin;
select plan(5);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553801') as c \gset
select tests.outbox_reply(:c, 'first', 'unknown', p_attempt_count => 1) as r \gset

select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, 'delivered')$$, :c, :r),
    'WH002', null, 'a resolution other than sent, failed or resend'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, %s, null)$$, :c, :r),
    'WH002', null, 'a null resolution'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(%s, null, 'failed')$$, :c),
    'WH002', null, 'a null reply id'
);
select throws_ok(
    format($$select wahook.resolve_outbound_message(null, %s, 'failed')$$, :r),
    'WH002', null, 'a null conversation id'
);
select is(
    (select row(status, resolved_at)::text from wahook_private.outbound_messages where id = :r),
    row('unknown', null::timestamptz)::text,
    'nothing changed'
);

select * from finish();
rollback;
