begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550961', 'wamid.p1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550962', 'wamid.p2', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550963', 'wamid.p3', '2026-06-01 11:59:00+00');
select tests.conversation_of('100000001', '15550961') as a \gset
select tests.conversation_of('100000001', '15550962') as b \gset
select wahook.pause_conversation(:a, 'operator has it', 'ops');
select set_config('wahook.now', '2026-06-01 12:05:00+00', true);
select wahook.pause_conversation(:b, 'takeover', 'whatsapp business app');
select wahook_private.note_pause(:b, 'takeover', 'the business wrote');

select results_eq(
    $$select conversation_id, kind, pending_count from wahook.paused_conversations()$$,
    format('values (%s::bigint, %L::text, 1::bigint), (%s::bigint, %L::text, 1::bigint)', :b, 'takeover', :a, 'operator'),
    'the paused conversations, newest pause first, with what paused them and what waits'
);
select results_eq(
    $$select count(*)::integer from wahook.paused_conversations(1)$$,
    $$values (1)$$,
    'at most p_limit'
);
select throws_ok($$select * from wahook.paused_conversations(0)$$, 'WH002', null, 'a limit of 0 is refused');

select * from finish();
rollback;
