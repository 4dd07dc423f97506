begin;
select plan(7);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset first_

select set_config('wahook.now', '2026-06-01 12:01:59+00', true);
select is_empty('select * from wahook.claim_conversation(''worker-2'')', 'a live lease is not taken');

select set_config('wahook.now', '2026-06-01 12:02:00+00', true);
select * from wahook.claim_conversation('worker-2') \gset second_

select is(:second_conversation_id, :first_conversation_id, 'an expired lease is taken over without waiting for cleanup');
select ok(:second_lease_token > :first_lease_token, 'with a new, larger fencing token');
select is((:'second_messages'::jsonb) -> 0 ->> 'attempt', '2', 'the lost turn counts as a failed attempt');
select is(
    (select status || '/' || error_code from wahook_private.agent_turns where lease_token = :first_lease_token),
    'abandoned/lease_expired',
    'the lost turn is abandoned'
);
select is(
    array(
        select from_state || '->' || to_state from wahook_private.conversation_state_transitions
        where conversation_id = :first_conversation_id order by id
    ),
    array['idle->pending', 'pending->processing', 'processing->pending', 'pending->processing'],
    'every state change is audited'
);
select is(
    (select status || '/' || attempt_count from wahook_private.webhook_dlq where wamid = 'wamid.a'),
    'retrying/1',
    'the DLQ keeps the lost attempt while the message is retried'
);

select * from finish();
rollback;
