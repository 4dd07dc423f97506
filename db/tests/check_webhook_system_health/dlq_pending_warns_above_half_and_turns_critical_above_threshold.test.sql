begin;
select plan(4);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.' || i, 'retry_scheduled', '2030-06-01 11:59:00+00')
from generate_series(1, 5) as i;

select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'dlq_pending'),
    'ok', '5 pending entries, half of 10: ok'
);

select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.6', 'retrying', '2030-06-01 11:59:00+00');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'dlq_pending'),
    'warn', '6 pending entries, above half of 10: warn'
);

select wahook.update_settings('{"health_max_dlq_pending": 2}');
select results_eq(
    $$select h.status, h.threshold from wahook.check_webhook_system_health() as h where h.check_name = 'dlq_pending'$$,
    $$values ('critical'::text, 2::numeric)$$,
    'with health_max_dlq_pending at 2, 6 entries are critical'
);

select wahook.update_settings('{"health_max_dlq_pending": 6}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'dlq_pending'),
    'warn', 'at the threshold exactly, not above it: warn'
);

select * from finish();
rollback;
