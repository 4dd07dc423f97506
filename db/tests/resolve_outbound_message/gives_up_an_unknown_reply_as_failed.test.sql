begin;
select plan(4);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553501') as c \gset
select tests.outbox_reply(:c, 'first', 'unknown', p_attempt_count => 1) as first \gset
select tests.outbox_reply(:c, 'second') as second \gset

select set_config('wahook.now', '2025-03-01 12:02:00+00', true);
select is(wahook.resolve_outbound_message(:c, :first, 'failed'), 'failed', 'given up: failed');
select is(
    (
        select row(status, failed_at, resolved_at, errors -> -1 ->> 'code', errors -> -1 ->> 'message')::text
        from wahook_private.outbound_messages where id = :first
    ),
    row(
        'failed', '2025-03-01 12:02:00+00'::timestamptz, '2025-03-01 12:02:00+00'::timestamptz,
        'resolved_failed', 'resolved by hand: an operator gave it up'
    )::text,
    'failed_at and resolved_at now; the entry without a note'
);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :second),
    'the reply behind it leaves'
);

-- Failing a failed reply again keeps its failure time and records the note.
select set_config('wahook.now', '2025-03-01 12:05:00+00', true);
select wahook.resolve_outbound_message(:c, :first, 'failed', 'checked with the customer');
select is(
    (select row(failed_at, jsonb_array_length(errors))::text from wahook_private.outbound_messages where id = :first),
    row('2025-03-01 12:02:00+00'::timestamptz, 2)::text,
    'a failed reply given up again keeps failed_at, with one more entry'
);

select * from finish();
rollback;
