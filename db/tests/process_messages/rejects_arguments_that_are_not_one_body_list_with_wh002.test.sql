begin;
select plan(3);

select throws_ok(
    $$select * from wahook.process_messages('{"object": "whatsapp_business_account"}')$$,
    'WH002', null, 'a single body instead of an array'
);
select throws_ok(
    $$select * from wahook.process_messages('[{}, {}]', array['only-one'])$$,
    'WH002', null, 'fewer correlation ids than bodies'
);
select is(
    (select count(*)::int from wahook.process_messages('[]')),
    0,
    'an empty array gives no row'
);

select * from finish();
rollback;
