begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.ingest_reply('100000001', '15550001', 'sending') as reply_id \gset

select is(
    wahook.record_outbound_sent(wahook_private.conversation_key('100000001', '15550001'), :reply_id, 'wamid.s1'),
    'sent',
    'the reply is sent'
);
select results_eq(
    format('select status, wamid, sent_at, sender, sending_expires_at from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :reply_id),
    $$values ('sent', 'wamid.s1', '2026-06-01 12:00:00+00'::timestamptz, null::text, null::timestamptz)$$,
    'with its wamid and sent_at; the sender lets go of it'
);

select * from finish();
rollback;
