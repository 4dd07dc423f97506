begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.ingest_reply('100000001', '15550001', 'sent', 'wamid.f1') as r1 \gset
update wahook_private.outbound_messages set errors = '[{"code": "earlier"}]'
where conversation_id = wahook_private.conversation_key('100000001', '15550001') and id = :r1;

select is(
    (select outcome from wahook.process_message(tests.status_body(
        '100000001', '15550001', 'wamid.f1', 'failed', 1780315205, '[{"code": 131047, "title": "Re-engagement message"}]'
    ))),
    'applied',
    'failed replaces sent'
);
select results_eq(
    format('select status, failed_at, errors from tests.reply_row(%L, %L, %s)', '100000001', '15550001', :r1),
    $$values ('failed', '2026-06-01 12:00:05+00'::timestamptz,
              '[{"code": "earlier"}, {"code": 131047, "title": "Re-engagement message"}]'::jsonb)$$,
    'the reply is failed, its errors appended to the ones it had'
);
select is(
    (select errors from wahook_private.outbound_status_events where wamid = 'wamid.f1'),
    '[{"code": 131047, "title": "Re-engagement message"}]'::jsonb,
    'the status event keeps its errors too'
);

select tests.ingest_reply('100000001', '15550001', 'delivered', 'wamid.f2') as r2 \gset
select is(
    (select outcome from wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.f2', 'failed', 1780315205, '[{"code": 1}]'))),
    'stale',
    'failed does not replace delivered'
);
select is(
    (select outcome from wahook.process_message(tests.status_body('100000001', '15550001', 'wamid.f1', 'read', 1780315206))),
    'stale',
    'nothing replaces failed'
);

select * from finish();
rollback;
