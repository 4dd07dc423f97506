begin;
select plan(6);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553401') as c \gset
select tests.outbox_reply(:c, 'first') as first \gset
select tests.outbox_reply(:c, 'second') as second \gset
select outbound_id from wahook.claim_outbound_messages('sender-a');
select status from wahook.record_outbound_failure(:c, :first, 'sender-a', 'timeout', 'read timeout', true, true);

select set_config('wahook.now', '2025-03-01 12:03:00+00', true);
select is(
    wahook.resolve_outbound_message(:c, :first, 'sent', 'the customer answered it'), 'sent',
    'an operator saw it arrive: sent'
);
select is(
    (
        select row(status, wamid, sent_at, failed_at, resolved_at, attempt_count)::text
        from wahook_private.outbound_messages where id = :first
    ),
    row(
        'sent', null::text, '2025-03-01 12:03:00+00'::timestamptz, null::timestamptz,
        '2025-03-01 12:03:00+00'::timestamptz, 1
    )::text,
    'sent now, without a wamid (none was ever returned), resolved_at set'
);
select is(
    (select errors -> -1 from wahook_private.outbound_messages where id = :first),
    jsonb_build_object(
        'attempt', 1, 'at', '2025-03-01 12:03:00+00'::timestamptz, 'code', 'resolved_sent',
        'message', 'resolved by hand: an operator confirmed it arrived: the customer answered it'
    ),
    'the resolution and the note are appended to errors'
);
select is(
    (select jsonb_array_length(errors) from wahook_private.outbound_messages where id = :first), 2,
    'after the timeout entry'
);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :second),
    'the reply it held back leaves'
);
select is(
    (select count(*)::int from wahook_private.outbound_messages where id = :first and status = 'sent'), 1,
    'and the resolved one is not sent again'
);

select * from finish();
rollback;
