begin;
select plan(4);

select throws_ok(
    $$select wahook.update_settings('{"lease_seconds": "soon"}')$$,
    'WH020', null, 'text for an integer setting is rejected'
);
select throws_like(
    $$select wahook.update_settings('{"lease_seconds": "soon"}')$$,
    '%lease_seconds%', 'the message names the key'
);
select throws_ok(
    $$select wahook.update_settings('{"lease_seconds": 1.5}')$$,
    'WH020', null, 'a fraction for an integer setting is rejected'
);
select throws_ok(
    $$select wahook.update_settings('{"agent_message_types": "text"}')$$,
    'WH020', null, 'a string for an array setting is rejected'
);

select * from finish();
rollback;
