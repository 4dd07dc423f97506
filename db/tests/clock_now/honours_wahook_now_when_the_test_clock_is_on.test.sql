begin;
select plan(2);

-- Test databases: db/tests/setup.sql turned the test clock on.
select is((select test_clock_enabled from wahook.settings), true, 'the test clock is on in test databases');
select set_config('wahook.now', '2999-01-01 00:00:00+00', true);
select is(wahook_private.clock_now(), '2999-01-01 00:00:00+00'::timestamptz, 'clock_now is wahook.now');

select * from finish();
rollback;
