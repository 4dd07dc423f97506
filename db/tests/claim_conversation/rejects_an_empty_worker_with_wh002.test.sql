begin;
select plan(3);

select throws_ok('select * from wahook.claim_conversation(null)', 'WH002', null, 'a null worker is refused');
select throws_ok('select * from wahook.claim_conversation('' '')', 'WH002', null, 'a blank worker is refused');
select throws_ok(
    'select * from wahook.claim_conversation(''worker-1'', 0)', 'WH002', null, 'a lease of 0 seconds is refused'
);

select * from finish();
rollback;
