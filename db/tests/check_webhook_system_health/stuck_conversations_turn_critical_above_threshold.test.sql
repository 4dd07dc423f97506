begin;
select plan(4);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('stuck-' || i, 'pending', '2030-06-01 11:00:00+00') from generate_series(1, 5) as i;

select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'stuck_conversations'),
    'warn', '5 stuck conversations, the threshold: warn (any is a warning)'
);

select tests.health_conversation('stuck-6', 'pending', '2030-06-01 11:00:00+00');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'stuck_conversations'),
    'critical', '6 stuck conversations, above the threshold of 5: critical'
);

select wahook.update_settings('{"health_max_stuck_conversations": 6}');
select results_eq(
    $$select h.status, h.threshold from wahook.check_webhook_system_health() as h where h.check_name = 'stuck_conversations'$$,
    $$values ('warn'::text, 6::numeric)$$,
    'the threshold is a setting: raised to 6, the same 6 are a warning'
);

select wahook.update_settings('{"health_stuck_after_seconds": 7200}');
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'stuck_conversations'),
    'ok', 'with health_stuck_after_seconds at 2 hours, conversations ready for 1 hour are not stuck'
);

select * from finish();
rollback;
