begin;
select plan(4);

-- The sender died mid-send: sending, then unknown after outbox_sending_timeout_seconds (300), then
-- queued again after outbound_unknown_settle_seconds (900) more without a status naming it, counted from when it became unknown.
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553301') as c \gset
select tests.outbox_reply(:c, 'first') as first \gset
select outbound_id from wahook.claim_outbound_messages('sender-a');

select set_config('wahook.now', '2025-03-01 12:05:00+00', true);
select is(
    wahook.cleanup_stuck_conversations() - array[
        'expired_leases_released', 'messages_dead', 'conversations_made_idle', 'conversations_made_pending',
        'turns_abandoned', 'handoffs_resumed'
    ],
    '{"replies_marked_unknown": 1, "replies_resent_unconfirmed": 0, "replies_failed_unconfirmed": 0}'::jsonb,
    'marked unknown, not settled in the same run'
);

select set_config('wahook.now', '2025-03-01 12:19:59+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_resent_unconfirmed')::int, 0,
    'the settle time counts from when it became unknown'
);

select set_config('wahook.now', '2025-03-01 12:20:00+00', true);
select is(
    (wahook.cleanup_stuck_conversations() ->> 'replies_resent_unconfirmed')::int, 1,
    'settled 900 seconds after it became unknown'
);
select is(
    (select jsonb_path_query_array(errors, '$[*].code') from wahook_private.outbound_messages where id = :first),
    '["sending_timeout", "unconfirmed_resent"]'::jsonb,
    'each step left its error entry'
);

select * from finish();
rollback;
