begin;
select plan(5);

select throws_ok($$select * from wahook.claim_outbound_messages('')$$, 'WH002', null, 'an empty sender');
select throws_ok($$select * from wahook.claim_outbound_messages(null)$$, 'WH002', null, 'a null sender');
select throws_ok($$select * from wahook.claim_outbound_messages('s', 0)$$, 'WH002', null, 'a limit below 1');
select throws_ok($$select * from wahook.claim_outbound_messages('s', 1001)$$, 'WH002', null, 'a limit above 1000');
select throws_ok($$select * from wahook.claim_outbound_messages('s', 10, 0)$$, 'WH002', null, 'a lease below 1 second');

select * from finish();
rollback;
