begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.ingest_reply('100000001', '15550001', 'sending') as reply_id \gset

-- The status webhooks outrun the Graph API answer: read, then delivered, then sent.
select is(
    (select array_agg(r.outcome)
     from (values (1, 'read', 1780315203), (2, 'delivered', 1780315202), (3, 'sent', 1780315201)) as s (n, status, ts)
     cross join lateral wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.early', s.status, s.ts)) as r),
    array['unmatched', 'unmatched', 'unmatched'],
    'statuses of a wamid not yet recorded are unmatched'
);
select is(
    wahook.record_outbound_sent(wahook_private.conversation_key('100000001', '15550001'), :reply_id, 'wamid.early'),
    'read',
    'recording the send applies them: the reply is read'
);
select results_eq(
    format('select status, delivered_at, read_at from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :reply_id),
    $$values ('read', '2026-06-01 12:00:02+00'::timestamptz, '2026-06-01 12:00:03+00'::timestamptz)$$,
    'with the WhatsApp times of delivery and reading'
);
select is(
    (select array_agg(status || ':' || outcome || ':' || (applied_at is not null) order by status)
     from wahook_private.outbound_status_events),
    array['delivered:applied:true', 'read:applied:true', 'sent:applied:true'],
    'each stored status is marked applied'
);

select * from finish();
rollback;
