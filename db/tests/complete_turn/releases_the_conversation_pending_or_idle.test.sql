begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t1_
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 12:00:00+00');
select wahook.complete_turn(:t1_conversation_id, :t1_lease_token, 'one', 1, '{}');

select is(tests.conversation_state(:t1_conversation_id), 'pending', 'a message that came during the turn: pending');
select is(
    (select row(lease_owner, lease_token, lease_expires_at)::text
     from wahook_private.webhook_conversations where conversation_id = :t1_conversation_id),
    row(null::text, null::bigint, null::timestamptz)::text,
    'the lease is dropped'
);

select * from wahook.claim_conversation('worker-1') \gset t2_
select is((:'t2_messages'::jsonb) -> 0 ->> 'wamid', 'wamid.b', 'the next turn takes it');
select wahook.complete_turn(:t2_conversation_id, :t2_lease_token, 'two', 1, '{}');
select is(tests.conversation_state(:t2_conversation_id), 'idle', 'nothing waits: idle');
select is(
    array(
        select from_state || '->' || to_state from wahook_private.conversation_state_transitions
        where conversation_id = :t1_conversation_id order by id
    ),
    array['idle->pending', 'pending->processing', 'processing->pending', 'pending->processing', 'processing->idle'],
    'every change is audited'
);

select * from finish();
rollback;
