begin;
select plan(2);

select tests.health_dlq_entry(tests.health_conversation('a'), 'wamid.1', 'dead', now());
select set_config('search_path', 'wahook, public', true);
set local role wahook_reader;
select lives_ok('SELECT * FROM webhook_dlq_status;', 'wahook_reader reads the view');
select is((select sum(entry_count)::int from webhook_dlq_status), 1, 'and sees the entries');
reset role;

select * from finish();
rollback;
