begin;
select plan(8);

-- A send that timed out after the request went out: unknown, no wamid, holding back the next reply.
select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553401') as c \gset
select tests.outbox_reply(:c, 'first') as first \gset
select tests.outbox_reply(:c, 'second') as second \gset

select is(
    (select body ->> 'biz_opaque_callback_data' from wahook.claim_outbound_messages('sender-a')),
    format('wahook:%s:%s', :c, :first),
    'the reply is claimed with its outbox identity as callback data'
);
select status from wahook.record_outbound_failure(:c, :first, 'sender-a', 'timeout', 'read timeout', true, true);

-- Meta did send it: its delivered status echoes the callback data.
select set_config('wahook.now', '2025-03-01 12:00:30+00', true);
select is(
    (
        select array_agg(r.outcome)
        from wahook.process_message(jsonb_set(
            tests.status_body('100000003', '15553401', 'wamid.cb.1', 'delivered', 1740830430),
            '{entry,0,changes,0,value,statuses,0,biz_opaque_callback_data}',
            to_jsonb(format('wahook:%s:%s', :c, :first))
        )) as r
    ),
    array['applied'],
    'the status is applied'
);
select is(
    (
        select row(status, wamid, sent_at, delivered_at, sender)::text
        from wahook_private.outbound_messages where id = :first
    ),
    row(
        'delivered', 'wamid.cb.1', '2025-03-01 12:00:30+00'::timestamptz, to_timestamp(1740830430), null::text
    )::text,
    'the unknown reply is sent with the status''s wamid, then delivered'
);
select is(
    (select jsonb_path_query_array(errors, '$[*].code') from wahook_private.outbound_messages where id = :first),
    '["timeout", "confirmed_by_status"]'::jsonb,
    'how it was settled is kept in its errors'
);
select matches(
    (select errors -> -1 ->> 'message' from wahook_private.outbound_messages where id = :first),
    'delivered status .* sent as wamid\.cb\.1',
    'the entry names the status and the wamid'
);
select results_eq(
    $$select outbound_id from wahook.claim_outbound_messages('sender-a')$$,
    format('values (%s::bigint)', :second),
    'the next reply of the conversation leaves at once'
);

-- Later statuses of the send find it by its wamid; a repeat of the callback changes nothing more.
select is(
    (
        select array_agg(r.outcome)
        from wahook.process_message(jsonb_set(
            tests.status_body('100000003', '15553401', 'wamid.cb.1', 'read', 1740830440),
            '{entry,0,changes,0,value,statuses,0,biz_opaque_callback_data}',
            to_jsonb(format('wahook:%s:%s', :c, :first))
        )) as r
    ),
    array['applied'],
    'a later status applies as usual'
);
select is(
    (select jsonb_array_length(errors) from wahook_private.outbound_messages where id = :first),
    2,
    'settled once'
);

select * from finish();
rollback;
