begin;
select plan(2);

create temporary table result on commit drop as
select * from wahook.process_messages(
    '[[1], "text", null, 7, {"entry": 5}, {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {"messages": [{"id": 1}]}}]}]}]'
);

select results_eq(
    'select body_index, kind, outcome, error_sqlstate from result order by body_index',
    $$values (0, null::text, null::text, 'WH001'), (1, null, null, 'WH001'), (2, null, null, 'WH001'),
             (3, null, null, 'WH001'), (4, null, null, 'WH001'), (5, null, null, 'WH001')$$,
    'every hostile body gets its own WH001 row, none a server error'
);
select is((select count(*)::int from wahook_private.webhook_events), 0, 'nothing is stored');

select * from finish();
rollback;
