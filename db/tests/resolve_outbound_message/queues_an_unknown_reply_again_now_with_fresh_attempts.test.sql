begin;
select plan(6);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553601') as c \gset
select tests.outbox_reply(:c, 'first') as first \gset
select tests.outbox_reply(:c, 'second') as second \gset
select outbound_id from wahook.claim_outbound_messages('sender-a');
select status from wahook.record_outbound_failure(:c, :first, 'sender-a', 'timeout', 'read timeout', true, true);

select set_config('wahook.now', '2025-03-01 12:04:00+00', true);
select is(
    wahook.resolve_outbound_message(:c, :first, 'resend', 'Meta support: never sent'), 'queued',
    'an operator sure it never arrived queues it again'
);
select is(
    (
        select row(status, next_attempt_at, attempt_count, sender, failed_at, resolved_at)::text
        from wahook_private.outbound_messages where id = :first
    ),
    row(
        'queued', '2025-03-01 12:04:00+00'::timestamptz, 0, null::text, null::timestamptz,
        '2025-03-01 12:04:00+00'::timestamptz
    )::text,
    'due now, with a fresh set of attempts'
);
select is(
    (select errors -> -1 ->> 'code' from wahook_private.outbound_messages where id = :first), 'resolved_resend',
    'the resolution is appended to errors'
);
select results_eq(
    $$select outbound_id, attempt_count from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint, 1)', :first),
    'it leaves again, before the reply behind it, as its first attempt'
);
select is(
    wahook.record_outbound_sent(:c, :first, 'wamid.resent.1'), 'sent',
    'and its send is recorded as any other'
);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :second),
    'then the next reply leaves'
);

select * from finish();
rollback;
