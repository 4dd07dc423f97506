begin;
select plan(5);

-- claim_conversations reads its candidates without a lock; by the time they are locked, some may
-- have been taken by another worker, paused, answered or deleted. The batch must claim only those
-- still ready, in the order given, and leave the others as they are.
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.taken', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.ready.1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550003', 'wamid.paused', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550004', 'wamid.ready.2', '2026-06-01 11:59:00+00');
select tests.conversation_of('100000001', '15550001') as taken_id \gset
select tests.conversation_of('100000001', '15550002') as ready1_id \gset
select tests.conversation_of('100000001', '15550003') as paused_id \gset
select tests.conversation_of('100000001', '15550004') as ready2_id \gset

-- Meanwhile: another worker claims one, an operator pauses another.
select lease_token as taken_token
from wahook_private.claim_ready_conversations(array[:taken_id]::bigint [], 'worker-2', interval '1 minute') \gset
select wahook.pause_conversation(:paused_id, 'operator');

create temporary table claimed on commit drop as
select * from wahook_private.claim_ready_conversations(
    array[:ready2_id, :taken_id, :paused_id, 42, :ready1_id]::bigint [], 'worker-1', interval '1 minute'
);

select is(
    array(select conversation_id from claimed),
    array[:ready2_id, :ready1_id]::bigint [],
    'only the candidates still ready are claimed, in the order given'
);
select is(
    array(select ord from claimed), array[1, 5]::bigint [], 'each with its place among the candidates'
);
select ok(
    (select bool_and(lease_token > :taken_token) from claimed)
    and (select (array_agg(lease_token order by ord))[1] < (array_agg(lease_token order by ord))[2] from claimed),
    'each takes a new token, larger in claim order'
);
select is(
    array[
        (select lease_owner || '/' || lease_token from wahook_private.webhook_conversations where conversation_id = :taken_id),
        tests.conversation_state(:paused_id),
        tests.message_status(:paused_id, 'wamid.paused')
    ],
    array['worker-2/' || :taken_token, 'paused', 'pending'],
    'the conversation taken meanwhile keeps its holder, the paused one stays paused with its message pending'
);
select is(
    array(
        select m.wamid || ':' || m.status || ':' || m.lease_token
        from wahook_private.processed_webhook_messages as m
        where m.conversation_id in (:ready1_id, :ready2_id) order by m.wamid
    ),
    array(
        select 'wamid.ready.' || x.n || ':processing:' || c.lease_token
        from claimed as c
        cross join lateral (select case c.conversation_id when :ready1_id then 1 else 2 end as n) as x (n)
        order by x.n
    ),
    'each claimed conversation''s messages are processing under its own token'
);

select * from finish();
rollback;
