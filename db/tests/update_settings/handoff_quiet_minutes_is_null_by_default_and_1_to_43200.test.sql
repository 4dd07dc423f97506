begin;
select plan(6);

select is(
    (select handoff_quiet_minutes from wahook.settings), null::integer,
    'by default a handoff stays paused until a person resumes it'
);
select is(
    wahook.update_settings('{"handoff_quiet_minutes": 30}') -> 'handoff_quiet_minutes',
    '30'::jsonb,
    'it is changed by update_settings'
);
select is(
    (select handoff_quiet_minutes from wahook.settings), 30,
    'and shown by wahook.settings'
);
select throws_ok(
    $$select wahook.update_settings('{"handoff_quiet_minutes": 0}')$$,
    'WH020', null, 'zero minutes is refused'
);
select throws_ok(
    $$select wahook.update_settings('{"handoff_quiet_minutes": 43201}')$$,
    'WH020', null, 'more than 30 days is refused'
);
select is(
    wahook.update_settings('{"handoff_quiet_minutes": null}') -> 'handoff_quiet_minutes',
    'null'::jsonb,
    'null turns the quiet time off again'
);

select * from finish();
rollback;
