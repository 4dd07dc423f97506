begin;
select plan(1);

select set_config('search_path', 'wahook, public', true);
set local role wahook_reader;
select lives_ok('SELECT * FROM webhook_processing_performance;', 'wahook_reader reads the view');
reset role;

select * from finish();
rollback;
