begin;
select plan(3);

-- The status webhook of a send arrives while its POST is still in flight (sending)...
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553601') as c \gset
select tests.outbox_reply(:c, 'first') as first \gset
select outbound_id from wahook.claim_outbound_messages('sender-a');
select r.outcome
from wahook.process_message(jsonb_set(
    tests.status_body('100000003', '15553601', 'wamid.early', 'sent', 1740830400),
    '{entry,0,changes,0,value,statuses,0,biz_opaque_callback_data}',
    to_jsonb(format('wahook:%s:%s', :c, :first))
)) as r;
select is(
    (select row(status, wamid, sender)::text from wahook_private.outbound_messages where id = :first),
    row('sent', 'wamid.early', null::text)::text,
    'a status naming a reply in sending settles it too'
);

-- ...then the POST times out: the ambiguous failure is moot.
select results_eq(
    format(
        $$select status, attempt_count, next_attempt_at
          from wahook.record_outbound_failure(%s, %s, 'sender-a', 'timeout', 'read timeout', true, true)$$,
        :c, :first
    ),
    $$values ('sent'::text, 1, null::timestamptz)$$,
    'the sender is told it was sent'
);
select throws_ok(
    format(
        $$select * from wahook.record_outbound_failure(%s, %s, 'sender-a', '131000', 'oops', true, false)$$,
        :c, :first
    ),
    'WH040',
    null,
    'an unambiguous failure of a reply no longer sending is still refused'
);

select * from finish();
rollback;
