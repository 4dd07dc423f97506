begin;
select plan(5);

select throws_ok($$select * from wahook.claim_conversations(' ', 1)$$, 'WH002', null, 'an empty worker');
select throws_ok($$select * from wahook.claim_conversations('w', 0)$$, 'WH002', null, 'a limit below 1');
select throws_ok($$select * from wahook.claim_conversations('w', 1001)$$, 'WH002', null, 'a limit above 1000');
select throws_ok($$select * from wahook.claim_conversations('w', 1, 0)$$, 'WH002', null, 'a lease below a second');
select throws_ok($$select * from wahook.claim_conversations('w', 1, null, -1)$$, 'WH002', null, 'a negative history budget');

select * from finish();
rollback;
