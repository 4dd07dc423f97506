begin;
select plan(6);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select set_config('wahook.now', '2026-06-01 12:00:01+00', true);
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00');
select set_config('wahook.now', '2026-06-01 12:00:02+00', true);
select tests.add_message('100000001', '15550003', 'wamid.3', '2026-06-01 11:59:00+00');

create temporary table claimed on commit drop as
select * from wahook.claim_conversations('worker-1', 2);

select is(
    array(select customer_id from claimed),
    array['15550001', '15550002'],
    'the limit is kept, the conversations that became ready first come first'
);
select is(
    (select count(distinct lease_token)::int from claimed), 2, 'each with a fencing token of its own'
);
select is(
    array(select (messages -> 0 ->> 'wamid') || '/' || (messages -> 0 ->> 'attempt') from claimed),
    array['wamid.1/1', 'wamid.2/1'],
    'each with its pending messages'
);
select is(
    array(
        select c.state || '/' || t.status
        from wahook_private.webhook_conversations as c
        inner join wahook_private.agent_turns as t on c.conversation_id = t.conversation_id
        where c.customer_id in ('15550001', '15550002')
        order by c.customer_id
    ),
    array['processing/running', 'processing/running'],
    'each processing, with a running turn'
);
select is(
    (select history from claimed order by customer_id limit 1), null, 'no history is read without a budget'
);
select results_eq(
    'select customer_id, messages -> 0 ->> ''wamid'' from wahook.claim_conversations(''worker-2'', 10)',
    $$values ('15550003', 'wamid.3')$$,
    'a second call takes what is left, and no more than there is'
);

select * from finish();
rollback;
