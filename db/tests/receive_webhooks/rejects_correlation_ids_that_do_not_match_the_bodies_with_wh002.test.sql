begin;
select plan(3);

select throws_ok(
    $$select * from wahook.receive_webhooks(array['{}'::bytea, '{}'::bytea], array['only-one'])$$,
    'WH002', null, 'fewer correlation ids than bodies'
);
select throws_ok(
    $$select * from wahook.receive_webhooks(array['{}'::bytea], array['a', 'b'])$$,
    'WH002', null, 'more correlation ids than bodies'
);
select is((select count(*)::int from wahook_private.webhook_inbox), 0, 'nothing is stored');

select * from finish();
rollback;
