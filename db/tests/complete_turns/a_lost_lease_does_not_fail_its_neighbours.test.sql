begin;
select plan(5);

-- The first conversation is ready first, so that the first claim takes it whatever the heap order.
select set_config('wahook.now', '2026-06-01 11:59:50+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1', 60) \gset lost_
select set_config('wahook.now', '2026-06-01 12:00:30+00', true);
select * from wahook.claim_conversation('worker-1', 600) \gset kept_

-- The first lease runs out and another worker takes the conversation over.
select set_config('wahook.now', '2026-06-01 12:02:00+00', true);
select * from wahook.claim_conversation('worker-2') \gset thief_

create temporary table done on commit drop as
select * from wahook.complete_turns(jsonb_build_array(
    jsonb_build_object('conversation_id', :lost_conversation_id, 'lease_token', :lost_lease_token, 'reply_text', 'late'),
    jsonb_build_object('conversation_id', :kept_conversation_id, 'lease_token', :kept_lease_token, 'reply_text', 'on time')
));

select is(
    (select error_sqlstate from done where lease_token = :lost_lease_token), 'WH010',
    'the turn whose lease was lost is reported as WH010'
);
select ok(
    (select outbox_id is not null and error_sqlstate is null from done where lease_token = :kept_lease_token),
    'its neighbour is completed'
);
select is(
    (select count(*)::int from wahook_private.outbound_messages where conversation_id = :lost_conversation_id), 0,
    'the lost turn queues no reply'
);
select is(
    (select lease_owner || '/' || lease_token from wahook_private.webhook_conversations where conversation_id = :lost_conversation_id),
    'worker-2/' || :thief_lease_token,
    'the conversation stays with the worker that holds it now'
);
select is(
    tests.message_status(:lost_conversation_id, 'wamid.1'), 'processing',
    'and its message is that worker''s to answer'
);

select * from finish();
rollback;
