begin;
select plan(3);

select set_config('search_path', 'wahook, public', true);
set local role wahook_reader;
select lives_ok('SELECT * FROM check_webhook_system_health();', 'wahook_reader runs the query as operators write it');
select is(
    (select count(*)::int from check_webhook_system_health()), 12,
    'and gets every check'
);
reset role;

set local role wahook_service;
select lives_ok('select * from wahook.check_webhook_system_health()', 'wahook_service runs it too');
reset role;

select * from finish();
rollback;
