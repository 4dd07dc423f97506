begin;
select plan(5);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
-- pg_cron really runs the wahook jobs in this database: pin their history to this clock.
select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:59:00+00');
select wahook.update_settings('{"health_max_stuck_conversations": 0}');

select is_empty(
    'select * from wahook.claim_alert_transitions()',
    'an idle system has nothing to announce'
);

select tests.health_conversation('stuck-1', 'pending', '2030-06-01 11:00:00+00');
select results_eq(
    'select check_name, status, previous_status, value, threshold from wahook.claim_alert_transitions()',
    $$values ('stuck_conversations'::text, 'critical'::text, 'ok'::text, 1::numeric, 0::numeric)$$,
    'a check turned critical is returned, announced ok before'
);

select wahook.record_alert_sent('stuck_conversations', 'critical', 1, 0);
select is_empty(
    'select * from wahook.claim_alert_transitions()',
    'once recorded, the same critical check is not returned again'
);

select wahook.update_settings('{"health_max_stuck_conversations": 5}');
select results_eq(
    'select check_name, status, previous_status from wahook.claim_alert_transitions()',
    $$values ('stuck_conversations'::text, 'warn'::text, 'critical'::text)$$,
    'no longer critical after a critical announcement: a recovery (to warn here)'
);

select wahook.record_alert_sent('stuck_conversations', 'warn', 1, 5);
select is_empty(
    'select * from wahook.claim_alert_transitions()',
    'the recovery recorded, nothing is left to announce'
);

select * from finish();
rollback;
