begin;
select plan(5);

select results_eq(
    $$select h.status, h.value, h.threshold from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_lag'$$,
    $$values ('ok'::text, 0::numeric, 60::numeric)$$,
    'an empty inbox has no lag; the threshold is the default of 60 s'
);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select count(*) from wahook.receive_webhooks(array[
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.1', 1780315200, 'x')::text, 'UTF8'),
    convert_to(tests.text_message_body('100000001', '15550001', 'wamid.2', 1780315200, 'x')::text, 'UTF8')
]);
-- A body kept aside is not waiting: it does not count (ingest_failed reports it).
insert into wahook_private.webhook_inbox (received_at, payload, item_count, failed_at, last_error)
values ('2030-06-01 10:00:00+00', '{}', 0, '2030-06-01 10:00:01+00', 'XX000: test');

select set_config('wahook.now', '2030-06-01 12:00:30+00', true);
select results_eq(
    $$select h.status, h.value from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_lag'$$,
    $$values ('ok'::text, 30.0::numeric)$$,
    'the age of the oldest waiting body, in seconds'
);

select set_config('wahook.now', '2030-06-01 12:01:30+00', true);
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_lag'),
    'warn', '90 s: above the threshold, a warning'
);

select set_config('wahook.now', '2030-06-01 12:02:01+00', true);
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_lag'),
    'critical', '121 s: above twice the threshold, critical'
);

select * from wahook.ingest_inbox(500);
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'ingest_lag'),
    'ok', 'ingested: no lag'
);

select * from finish();
rollback;
