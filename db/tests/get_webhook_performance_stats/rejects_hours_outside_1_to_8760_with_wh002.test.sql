begin;
select plan(6);

select throws_ok('select * from wahook.get_webhook_performance_stats(0)', 'WH002', null, '0 hours is refused');
select throws_ok('select * from wahook.get_webhook_performance_stats(-5)', 'WH002', null, 'negative hours are refused');
select throws_ok('select * from wahook.get_webhook_performance_stats(8761)', 'WH002', null, 'more than a year is refused');
select throws_ok('select * from wahook.get_webhook_performance_stats(null)', 'WH002', null, 'null is refused');
select lives_ok('select * from wahook.get_webhook_performance_stats(1)', '1 hour is accepted');
select lives_ok('select * from wahook.get_webhook_performance_stats(8760)', 'a year is accepted');

select * from finish();
rollback;
