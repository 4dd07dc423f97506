begin;
select plan(7);

-- A send that timed out: unknown, holding back the reply behind it.
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553101') as c \gset
select tests.outbox_reply(:c, 'first') as first \gset
select tests.outbox_reply(:c, 'second') as second \gset
select outbound_id from wahook.claim_outbound_messages('sender-a');
select status from wahook.record_outbound_failure(:c, :first, 'sender-a', 'timeout', 'read timeout', true, true);

select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-a')$$,
    'the unknown reply blocks the next one'
);

-- settings.outbound_unknown_settle_seconds (900) after it went unknown.
select set_config('wahook.now', '2025-03-01 12:15:00+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_failed_unconfirmed')::int, 1,
    'cleanup counts the reply it failed'
);
select is(
    (
        select row(status, failed_at, sender, attempt_count)::text
        from wahook_private.outbound_messages where id = :first
    ),
    row('failed', '2025-03-01 12:15:00+00'::timestamptz, null::text, 1)::text,
    'the unknown reply failed, failed_at now'
);
select is(
    (select (errors -> -1) - 'message' from wahook_private.outbound_messages where id = :first),
    '{"attempt": 1, "at": "2025-03-01T12:15:00+00:00", "code": "unconfirmed"}'::jsonb,
    'an error entry with code unconfirmed is appended'
);
select matches(
    (select errors -> -1 ->> 'message' from wahook_private.outbound_messages where id = :first),
    'never confirmed.*not resent',
    'its message says Meta never confirmed it and it is not resent'
);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :second),
    'the next reply is claimable; the failed one is not resent'
);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_failed_unconfirmed')::int, 0,
    'a second run has nothing to settle'
);

select * from finish();
rollback;
