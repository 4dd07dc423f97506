begin;
select plan(3);

select set_config('search_path', 'wahook, public', true);
set local role wahook_reader;
select lives_ok('SELECT * FROM get_webhook_performance_stats(24);', 'wahook_reader runs the query as operators write it');
select throws_ok('SELECT * FROM get_webhook_performance_stats(0);', 'WH002', null, 'and gets WH002 for a bad argument');
reset role;

set local role wahook_service;
select lives_ok('select * from wahook.get_webhook_performance_stats(1)', 'wahook_service runs it too');
reset role;

select * from finish();
rollback;
