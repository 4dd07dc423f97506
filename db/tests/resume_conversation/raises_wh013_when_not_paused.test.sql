begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select throws_ok(
    format('select wahook.resume_conversation(%s)', tests.conversation_of('100000001', '15550001')),
    'WH013', null, 'a conversation that is not paused cannot be resumed'
);
select throws_ok('select wahook.resume_conversation(42)', 'WH011', null, 'an unknown conversation is WH011');

select * from finish();
rollback;
