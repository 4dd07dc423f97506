begin;
select plan(1);

select results_eq(
    $$select wahook_private.health_cron_period(s) from unnest(array[
        '* * * * *', '*/5 * * * *', '30 seconds', '17 3 * * *', '0,30 * * * *', '@hourly', '@daily',
        '0 3 * * 0', '0 0 1 * *', '  */10   * * * *  '
    ]) with ordinality as t (s, n) order by n$$,
    $$values (interval '1 minute'), ('5 minutes'), ('30 seconds'), ('1 day'), ('1 hour'), ('1 hour'), ('1 day'),
        ('7 days'), ('31 days'), ('10 minutes')$$,
    'exact for wahook''s schedules and N seconds, a generous upper bound for the others'
);

select * from finish();
rollback;
