begin;
select plan(7);

-- Replies Meta reported failed (a status webhook): they have a wamid.
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553701') as c \gset
select tests.outbox_reply(:c, 'confirmed', 'sent', p_attempt_count => 1) as confirmed \gset
select tests.outbox_reply(:c, 'resent', 'sent', p_attempt_count => 1) as resent \gset
select wamid as old_wamid from wahook_private.outbound_messages where id = :resent \gset
select wahook_private.ingest_apply_statuses(
    array[:c, :c]::bigint [], array[:confirmed, :resent]::bigint [], array['failed', 'failed'],
    array[null, null]::timestamptz [], array['[{"code": 131026}]', '[{"code": 131026}]']::jsonb []
);

select set_config('wahook.now', '2025-03-01 12:10:00+00', true);
select is(wahook.resolve_outbound_message(:c, :confirmed, 'sent'), 'sent', 'a failed reply an operator saw arrive: sent');
select is(
    (
        select row(status, wamid is not null, sent_at, failed_at)::text
        from wahook_private.outbound_messages where id = :confirmed
    ),
    row('sent', true, '2025-03-01 12:00:00+00'::timestamptz, null::timestamptz)::text,
    'it keeps its wamid and first sent_at; failed_at is cleared'
);
select is(
    wahook_private.ingest_apply_statuses(
        array[:c]::bigint [], array[:confirmed]::bigint [], array['delivered'], array[null::timestamptz],
        array[null::jsonb]
    ),
    array['applied'],
    'a later status webhook moves it on'
);

select is(wahook.resolve_outbound_message(:c, :resent, 'resend'), 'queued', 'a failed reply can be resent');
select is(
    (
        select row(status, wamid, sent_at, failed_at, attempt_count)::text
        from wahook_private.outbound_messages where id = :resent
    ),
    row('queued', null::text, null::timestamptz, null::timestamptz, 0)::text,
    'without the wamid, times or attempts of the failed send'
);
select is(
    (select errors -> -1 ->> 'previous_wamid' from wahook_private.outbound_messages where id = :resent),
    :'old_wamid',
    'the old wamid is kept in the resolution entry'
);
select results_eq(
    format(
        $$select outcome from wahook.process_message(tests.status_body('100000003', '15553701', %L, 'read', 1740830000))$$,
        :'old_wamid'
    ),
    $$values ('unmatched')$$,
    'a late status of the old send no longer matches the resent reply'
);

select * from finish();
rollback;
