begin;
select plan(3);

select set_config('wahook.now', '2030-06-01 12:34:56+00', true);
select set_config('timezone', 'Asia/Kolkata', true);

select is((select count(*)::int from wahook.webhook_processing_performance), 168, '7 days of hours');
select results_eq(
    'select min(hour_start), max(hour_start) from wahook.webhook_processing_performance',
    $$values ('2030-05-25 13:00:00+00'::timestamptz, '2030-06-01 12:00:00+00'::timestamptz)$$,
    'from 167 hours before the current hour to the current hour, UTC-aligned whatever the session time zone'
);
select results_eq(
    $$select received, completed, failed, dead, duplicates, turns, error_rate, p95_processing_ms
      from wahook.webhook_processing_performance where hour_start = '2030-06-01 12:00:00+00'$$,
    $$values (0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, null::numeric, null::numeric)$$,
    'an empty hour shows zeros and no times'
);

select * from finish();
rollback;
