begin;
select plan(6);

select throws_ok(
    $$select wahook.update_settings('{"lease_secs": 180}')$$,
    'WH020', null, 'an unknown key is rejected'
);
select throws_like(
    $$select wahook.update_settings('{"lease_secs": 180}')$$,
    '%lease_secs%', 'the message names the unknown key'
);
select throws_ok($$select wahook.update_settings('{"id": false}')$$, 'WH020', null, 'id cannot be set');
select throws_ok(
    $$select wahook.update_settings('{"updated_at": "2020-01-01T00:00:00Z"}')$$,
    'WH020', null, 'updated_at cannot be set'
);
select throws_ok(
    $$select wahook.update_settings('{"test_clock_enabled": true}')$$,
    'WH020', null, 'test_clock_enabled cannot be set: the test clock is the schema owner''s alone'
);
select throws_ok($$select wahook.update_settings('[1, 2]')$$, 'WH020', null, 'changes must be an object');

select * from finish();
rollback;
