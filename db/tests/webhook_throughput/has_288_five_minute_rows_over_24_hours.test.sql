begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:34:56+00', true);

select is((select count(*)::int from wahook.webhook_throughput), 288, '24 hours of 5-minute buckets');
select results_eq(
    'select min(bucket_start), max(bucket_start) from wahook.webhook_throughput',
    $$values ('2030-05-31 12:35:00+00'::timestamptz, '2030-06-01 12:30:00+00'::timestamptz)$$,
    'the current bucket last'
);

select * from finish();
rollback;
