begin;
select plan(3);

select throws_ok('select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(0)', 'WH002', null, 'zero');
select throws_ok('select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(10001)', 'WH002', null, 'above 10000');
select throws_ok('select * from wahook.ingest_inbox(null)', 'WH002', null, 'null');

select * from finish();
rollback;
