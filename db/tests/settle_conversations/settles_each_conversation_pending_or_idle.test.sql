begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.b', '2026-06-01 11:59:00+00');
-- Both became ready at the same moment, so either may be claimed first: name them by customer.
select wahook.claim_conversation('worker-1');
select wahook.claim_conversation('worker-1');
select
    conversation_id,
    lease_token
from wahook_private.webhook_conversations where customer_id = '15550001' \gset a_
select
    conversation_id,
    lease_token
from wahook_private.webhook_conversations where customer_id = '15550002' \gset b_
-- A message comes for a while its turn runs; b has nothing more.
select tests.add_message('100000001', '15550001', 'wamid.a2', '2026-06-01 11:59:30+00');
select wahook_private.transition_messages(
    :a_conversation_id, array[(select id from wahook_private.processed_webhook_messages where wamid = 'wamid.a')],
    'processing', 'completed', 'test', :a_lease_token
);
select wahook_private.transition_messages(
    :b_conversation_id, array[(select id from wahook_private.processed_webhook_messages where wamid = 'wamid.b')],
    'processing', 'completed', 'test', :b_lease_token
);

select set_eq(
    format(
        $$select conversation_id, to_state from wahook_private.settle_conversations(
            array[%s, %s]::bigint [], 'processing', 'turn completed', 'worker-1', array[%s, %s]::bigint [],
            array['corr-a', 'corr-b'])$$,
        :a_conversation_id, :b_conversation_id, :a_lease_token, :b_lease_token
    ),
    format($$values (%s::bigint, 'pending'), (%s::bigint, 'idle')$$, :a_conversation_id, :b_conversation_id),
    'the conversation with a message waiting becomes pending, the other idle'
);
select is(
    array(
        select t.conversation_id::text || ':' || t.to_state || ':' || t.lease_token || ':' || t.correlation_id
        from wahook_private.conversation_state_transitions as t where t.reason = 'turn completed'
        order by t.conversation_id = :a_conversation_id desc
    ),
    array[
        :a_conversation_id || ':pending:' || :a_lease_token || ':corr-a',
        :b_conversation_id || ':idle:' || :b_lease_token || ':corr-b'
    ],
    'each gets its audit row with its own lease token and correlation id'
);
select is(
    (select available_at from wahook_private.webhook_conversations where conversation_id = :a_conversation_id),
    '2026-06-01 12:00:00+00'::timestamptz,
    'the pending one is available at once (within the turns-per-minute limit)'
);

select * from finish();
rollback;
