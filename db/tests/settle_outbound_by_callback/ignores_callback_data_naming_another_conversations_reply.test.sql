begin;
select plan(5);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15553501') as victim \gset
select tests.outbox_conversation('15553502') as other \gset
select tests.outbox_reply(:victim, 'first') as first \gset
select outbound_id from wahook.claim_outbound_messages('sender-a');
select status from wahook.record_outbound_failure(:victim, :first, 'sender-a', 'timeout', 'read timeout', true, true);
select tests.outbox_reply(:other, 'sent one', 'sent') as sent_one \gset
update wahook_private.outbound_messages set wamid = 'wamid.other.sent' where id = :sent_one;

-- A status of another customer's conversation naming the victim's unknown reply.
select is(
    (
        select array_agg(r.outcome)
        from wahook.process_message(jsonb_set(
            tests.status_body('100000003', '15553502', 'wamid.forged', 'delivered', 1740830430),
            '{entry,0,changes,0,value,statuses,0,biz_opaque_callback_data}',
            to_jsonb(format('wahook:%s:%s', :victim, :first))
        )) as r
    ),
    array['unmatched'],
    'someone else''s callback data matches nothing'
);
select is(
    (select row(status, wamid)::text from wahook_private.outbound_messages where id = :first),
    row('unknown', null::text)::text,
    'the named reply is unchanged'
);

-- Callback data of the right conversation naming a reply that has a wamid already, or not ours.
select is(
    (
        select array_agg(r.outcome)
        from wahook.process_message(jsonb_set(
            tests.status_body('100000003', '15553502', 'wamid.late', 'delivered', 1740830430),
            '{entry,0,changes,0,value,statuses,0,biz_opaque_callback_data}',
            to_jsonb(format('wahook:%s:%s', :other, :sent_one))
        )) as r
    ),
    array['unmatched'],
    'a reply that has its wamid is not given another'
);
select is(
    (
        select array_agg(r.outcome)
        from wahook.process_message(jsonb_set(
            tests.status_body('100000003', '15553501', 'wamid.junk', 'sent', 1740830430),
            '{entry,0,changes,0,value,statuses,0,biz_opaque_callback_data}',
            to_jsonb(format('wahook:%s:99999999999999999999', :victim))
        )) as r
    ),
    array['unmatched'],
    'callback data that names no reply (or is not ours) changes nothing and raises nothing'
);
select is(
    (
        select array_agg(row(status, wamid)::text order by id)
        from wahook_private.outbound_messages where id in (:first, :sent_one)
    ),
    array[row('unknown', null::text)::text, row('sent', 'wamid.other.sent')::text],
    'both replies are as they were'
);

select * from finish();
rollback;
