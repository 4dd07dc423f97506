begin;
select plan(9);

-- A send that timed out: unknown, holding back the reply behind it; no status webhook names it.
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
    wahook.cleanup_stuck_conversations() - array[
        'expired_leases_released', 'messages_dead', 'conversations_made_idle', 'conversations_made_pending',
        'turns_abandoned', 'replies_marked_unknown', 'handoffs_resumed'
    ],
    '{"replies_resent_unconfirmed": 1, "replies_failed_unconfirmed": 0}'::jsonb,
    'cleanup counts the reply it queued again'
);
select is(
    (
        select row(status, next_attempt_at, failed_at, sender, attempt_count)::text
        from wahook_private.outbound_messages where id = :first
    ),
    row('queued', '2025-03-01 12:15:00+00'::timestamptz, null::timestamptz, null::text, 1)::text,
    'the unknown reply is queued again, due now'
);
select is(
    (select (errors -> -1) - 'message' from wahook_private.outbound_messages where id = :first),
    '{"attempt": 1, "at": "2025-03-01T12:15:00+00:00", "code": "unconfirmed_resent"}'::jsonb,
    'an error entry with code unconfirmed_resent is appended'
);
select results_eq(
    $$select outbound_id, attempt_count from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint, 2)', :first),
    'it is sent again, first, counting a second attempt; the later reply still waits behind it'
);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_resent_unconfirmed')::int, 0,
    'a second run has nothing to settle'
);

-- Out of attempts (settings.retry_max_attempts, 3): failed as unconfirmed, the later reply goes.
select set_config('wahook.now', '2025-03-01 12:16:00+00', true);
update wahook_private.outbound_messages set attempt_count = 4 where id = :first;
select status from wahook.record_outbound_failure(:c, :first, 'sender-a', 'timeout', 'read timeout', true, true);
select set_config('wahook.now', '2025-03-01 12:31:00+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_failed_unconfirmed')::int, 1,
    'an unknown reply out of attempts fails'
);
select is(
    (
        select row(status, failed_at, errors -> -1 ->> 'code')::text
        from wahook_private.outbound_messages where id = :first
    ),
    row('failed', '2025-03-01 12:31:00+00'::timestamptz, 'unconfirmed')::text,
    'failed, code unconfirmed'
);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :second),
    'the next reply is claimable'
);

select * from finish();
rollback;
