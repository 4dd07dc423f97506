begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select count(*) from wahook.receive_webhooks(
    array[
        convert_to(tests.text_message_body('100000001', '15550001', 'wamid.1', 1780315200, 'one')::text, 'UTF8'),
        convert_to(tests.change_body('account_update', '{"event": "VERIFIED_ACCOUNT"}')::text, 'UTF8')
    ],
    array['req-1', 'req-2']
);
-- Ingested a little later: what was received keeps its receipt time.
select set_config('wahook.now', '2026-06-01 12:00:03+00', true);
select * from wahook.ingest_inbox(500);

select results_eq(
    'select received_at, correlation_id from wahook_private.webhook_events order by id',
    $$values ('2026-06-01 12:00:00+00'::timestamptz, 'req-1'::text), ('2026-06-01 12:00:00+00', 'req-2')$$,
    'webhook events carry the receipt time and the correlation id of their body'
);
select results_eq(
    'select received_at, correlation_id from wahook_private.processed_webhook_messages',
    $$values ('2026-06-01 12:00:00+00'::timestamptz, 'req-1'::text)$$,
    'so do messages'
);
select results_eq(
    'select received_at, correlation_id from wahook_private.business_events',
    $$values ('2026-06-01 12:00:00+00'::timestamptz, 'req-2'::text)$$,
    'and business events'
);
select results_eq(
    'select state, state_changed_at, created_at from wahook_private.webhook_conversations',
    $$values ('pending'::text, '2026-06-01 12:00:03+00'::timestamptz, '2026-06-01 12:00:03+00'::timestamptz)$$,
    'state changes happen when the body is ingested'
);

select * from finish();
rollback;
