begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550003', 'wamid.3', '2026-06-01 11:59:00+00');
select wahook.pause_conversation(tests.conversation_of('100000001', '15550001'), 'a human has it');
select * from wahook.claim_conversation('worker-1') \gset live_

select results_eq(
    'select customer_id from wahook.claim_conversations(''worker-2'', 10)',
    $$values ('15550003')$$,
    'neither a paused conversation nor one under a live lease is claimed'
);
select is(:'live_customer_id'::text, '15550002', 'the live one stays with its worker');

select * from finish();
rollback;
