begin;
select plan(5);

select is(
    (select outbound_unknown_settle_seconds from wahook.settings), 900,
    'replies unknown for 15 minutes settle by default'
);
select is(
    wahook.update_settings('{"outbound_unknown_settle_seconds": 3600}') -> 'outbound_unknown_settle_seconds',
    '3600'::jsonb,
    'it is changed by update_settings'
);
select is(
    (select outbound_unknown_settle_seconds from wahook.settings), 3600,
    'and shown by wahook.settings'
);
select throws_ok(
    $$select wahook.update_settings('{"outbound_unknown_settle_seconds": 59}')$$,
    'WH020', null, 'less than a minute is refused'
);
select throws_ok(
    $$select wahook.update_settings('{"outbound_unknown_settle_seconds": 86401}')$$,
    'WH020', null, 'more than a day is refused'
);

select * from finish();
rollback;
