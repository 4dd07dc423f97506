begin;
select plan(6);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.out') as reply_id \gset

select is(
    (select array_agg(r.outcome order by s.n)
     from (values (1, 'sent', 1780315201), (2, 'delivered', 1780315202), (3, 'read', 1780315203)) as s (n, status, ts)
     cross join lateral wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.out', s.status, s.ts)) as r),
    array['applied', 'applied', 'applied'],
    'sent, delivered, read are applied in turn (sent agrees with the recorded send)'
);
select results_eq(
    format('select status, delivered_at, read_at from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :reply_id),
    $$values ('read', '2026-06-01 12:00:02+00'::timestamptz, '2026-06-01 12:00:03+00'::timestamptz)$$,
    'the reply is read, with the WhatsApp times of delivery and reading'
);
select results_eq(
    $$select kind, external_id, conversation_id, outcome from wahook.process_message(
        tests.status_body('100000001', '15550001', 'wamid.out', 'delivered', 1780315202))$$,
    $$values ('status', 'wamid.out', wahook_private.conversation_key('100000001', '15550001'), 'duplicate')$$,
    'the same status again is a duplicate'
);
select is(
    (select count(*)::int from wahook_private.outbound_status_events),
    3,
    'a status is recorded once'
);

-- A second reply that is read, then reported delivered (out of order).
select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.out2') as reply2_id \gset
select * from wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.out2', 'read', 1780315210));
select is(
    (select outcome from wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.out2', 'delivered', 1780315209))),
    'stale',
    'delivered after read is stale'
);
select results_eq(
    format('select status, delivered_at from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :reply2_id),
    $$values ('read', null::timestamptz)$$,
    'the reply stays read: never backwards'
);

select * from finish();
rollback;
