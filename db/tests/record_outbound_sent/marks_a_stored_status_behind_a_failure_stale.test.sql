begin;
select plan(3);

select tests.ingest_reply('100000001', '15550001', 'sending') as reply_id \gset
select * from wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.x', 'failed', 1780315201, '[{"code": 131053}]'));
select * from wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.x', 'read', 1780315203));

select is(
    wahook.record_outbound_sent(wahook_private.conversation_key('100000001', '15550001'), :reply_id, 'wamid.x'),
    'failed',
    'failed (ranked right after sent) is applied first: the reply is failed'
);
select is(
    (select errors from tests.reply_row('100000001', '15550001', :reply_id)),
    '[{"code": 131053}]'::jsonb,
    'with the errors of the failed status'
);
select is(
    (select array_agg(status || ':' || outcome order by status) from wahook_private.outbound_status_events),
    array['failed:applied', 'read:stale'],
    'a later status cannot revive a failed reply: stale'
);

select * from finish();
rollback;
