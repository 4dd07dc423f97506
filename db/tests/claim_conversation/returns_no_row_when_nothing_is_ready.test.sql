begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select is_empty('select * from wahook.claim_conversation(''worker-1'')', 'no conversation: no row');

select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
update wahook_private.webhook_conversations set available_at = '2026-06-01 12:00:30+00';
select is_empty(
    'select * from wahook.claim_conversation(''worker-1'')',
    'a pending conversation whose available_at has not come: no row'
);

select set_config('wahook.now', '2026-06-01 12:00:30+00', true);
select isnt_empty('select * from wahook.claim_conversation(''worker-1'')', 'once it has come, it is claimed');

select * from finish();
rollback;
