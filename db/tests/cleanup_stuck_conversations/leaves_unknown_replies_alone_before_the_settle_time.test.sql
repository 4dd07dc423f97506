begin;
select plan(6);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553201') as c \gset
select tests.outbox_reply(:c, 'first', 'unknown', p_attempt_count => 1) as first \gset
select tests.outbox_reply(:c, 'second');

select set_config('wahook.now', '2025-03-01 12:14:59+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_resent_unconfirmed')::int, 0,
    'one second before settings.outbound_unknown_settle_seconds (900) nothing is settled'
);
select is(
    (select row(status, errors, updated_at)::text from wahook_private.outbound_messages where id = :first),
    row('unknown', '[]'::jsonb, '2025-03-01 12:00:00+00'::timestamptz)::text,
    'the reply is unchanged'
);
select is_empty(
    $$select * from wahook.claim_outbound_messages('sender-a')$$,
    'and still holds back the next one'
);

-- The setting decides: an hour.
select wahook.update_settings('{"outbound_unknown_settle_seconds": 3600}');
select set_config('wahook.now', '2025-03-01 12:59:59+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_resent_unconfirmed')::int, 0,
    'with the setting at an hour, nothing is settled before the hour'
);
select set_config('wahook.now', '2025-03-01 13:00:00+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_resent_unconfirmed')::int, 1,
    'at the hour it is'
);
select is(
    (select status from wahook_private.outbound_messages where id = :first), 'queued',
    'queued again, to be resent'
);

select * from finish();
rollback;
