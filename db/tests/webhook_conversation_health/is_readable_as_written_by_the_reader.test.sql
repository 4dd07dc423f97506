begin;
select plan(2);

select tests.health_conversation('a', 'pending');
select set_config('search_path', 'wahook, public', true);
set local role wahook_reader;
select lives_ok('SELECT * FROM webhook_conversation_health;', 'wahook_reader reads the view as operators write it');
select is((select count(*)::int from webhook_conversation_health), 1, 'and sees the conversations');
reset role;

select * from finish();
rollback;
