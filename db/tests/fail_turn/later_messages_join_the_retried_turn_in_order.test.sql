begin;
select plan(3);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
-- One arrives during the turn, one during the retry wait.
select tests.add_message('100000001', '15550001', 'wamid.2', '2026-06-01 12:00:00+00');
select wahook.fail_turn(:t_conversation_id, :t_lease_token, 'timeout', 'slow');
select set_config('wahook.now', '2026-06-01 12:00:30+00', true);
select tests.add_message('100000001', '15550001', 'wamid.3', '2026-06-01 12:00:30+00');

select is_empty(
    'select * from wahook.claim_conversation(''worker-1'')',
    'later messages do not overtake: nothing is claimed during the retry wait'
);

select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select * from wahook.claim_conversation('worker-1') \gset t_
select is(
    (select array_agg((x.m ->> 'wamid') || '#' || (x.m ->> 'attempt') order by x.o)
     from jsonb_array_elements(:'t_messages'::jsonb) with ordinality as x (m, o)),
    array['wamid.1#2', 'wamid.2#1', 'wamid.3#1'],
    'the retried turn takes the failed message first, then those that came later, in order'
);
select is(
    (select count(*)::int from wahook_private.webhook_dlq where status = 'retrying'), 1,
    'only the failed message has a DLQ row'
);

select * from finish();
rollback;
