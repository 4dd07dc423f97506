begin;
select plan(2);

select results_eq(
    $$select * from wahook_private.health_row('probe', 11, 10, 5, 'eleven')$$,
    $$values ('probe'::text, 'critical'::text, 11::numeric, 10::numeric, 'eleven'::text)$$,
    'one row: the check name, the status by health_status against the threshold, value, threshold, details'
);
select results_eq(
    $$select h.status from wahook_private.health_row('probe', 11, 10, 10, 'eleven', p_critical_above => 20) as h$$,
    $$values ('warn'::text)$$,
    'with p_critical_above, critical above that level instead of the threshold'
);

select * from finish();
rollback;
