begin;
select plan(4);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550401') as retrying \gset
select tests.outbox_conversation('15550402') as unknown \gset
select tests.outbox_conversation('15550403') as failed \gset
select tests.outbox_conversation('15550404') as sending \gset

select tests.outbox_reply(:retrying, 'first', p_next_attempt_at => '2025-03-01 12:05:00+00', p_attempt_count => 1);
select tests.outbox_reply(:retrying, 'second');
select tests.outbox_reply(:unknown, 'first', 'unknown', p_attempt_count => 1);
select tests.outbox_reply(:unknown, 'second');
select tests.outbox_reply(:failed, 'first', 'failed', p_attempt_count => 1);
select tests.outbox_reply(:failed, 'second') as after_failed \gset
select tests.outbox_reply(:sending, 'first', 'sending', p_attempt_count => 1);
select tests.outbox_reply(:sending, 'second');

select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :after_failed),
    'a reply behind a failed one leaves; behind a retrying, unknown or sending one it waits'
);

select set_config('wahook.now', '2025-03-01 12:05:00+00', true);
select results_eq(
    $$select body #>> '{text,body}' from wahook.claim_outbound_messages('sender-a')$$,
    $$values ('first')$$,
    'when the retry is due, the earlier reply leaves first'
);
select is(
    (select count(*)::integer from wahook_private.outbound_messages where status = 'unknown'),
    1,
    'the unknown reply is never claimed'
);
select is(
    (select count(*)::integer from wahook_private.outbound_messages where status = 'queued'),
    3,
    'the replies behind the retrying, unknown and sending ones stay queued'
);

select * from finish();
rollback;
