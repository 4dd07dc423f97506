begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select wahook.record_alert_sent('dlq_pending', 'critical', 12, 10);
select set_config('wahook.now', '2030-06-01 12:05:00+00', true);
select wahook.record_alert_sent('dlq_pending', 'ok', 0, 10);

select results_eq(
    'select check_name, notified_status, value, threshold, notified_at from wahook_private.alert_states',
    $$values ('dlq_pending'::text, 'ok'::text, 0::numeric, 10::numeric, '2030-06-01 12:05:00+00'::timestamptz)$$,
    'one row per check, with the last announcement'
);
select throws_ok(
    $$select wahook.record_alert_sent('dlq_pending', 'bad')$$, 'WH002', null,
    'a status other than ok, warn or critical is refused with WH002'
);

select * from finish();
rollback;
