begin;
select plan(6);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 11:59:30+00');
select * from wahook.claim_conversation('worker-1') \gset t_

select is(
    wahook.release_turn(:t_conversation_id, :t_lease_token, 'worker shutting down'), 2,
    'it returns how many messages went back'
);
select is(
    (select pg_catalog.array_agg(row(wamid, status, attempt_count)::text order by wa_timestamp)
     from wahook_private.processed_webhook_messages where conversation_id = :t_conversation_id),
    array[row('wamid.a', 'pending', 0)::text, row('wamid.b', 'pending', 0)::text],
    'the messages are pending again and no attempt was counted'
);
select is_empty(
    'select from wahook_private.webhook_dlq',
    'nothing goes to the dead letter queue'
);
select is(
    (select row(status, error_code, error_message)::text
     from wahook_private.agent_turns where lease_token = :t_lease_token),
    row('abandoned', 'released', 'worker shutting down')::text,
    'the turn is abandoned with the reason'
);

select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
select is(
    (select pg_catalog.array_agg(x.m ->> 'wamid' order by x.o) from wahook.claim_conversation('worker-2') as c
        cross join lateral pg_catalog.jsonb_array_elements(c.messages) with ordinality as x (m, o)),
    array['wamid.a', 'wamid.b'],
    'the next worker claims the same messages, in order'
);
select is(
    (select pg_catalog.array_agg(to_state order by created_at, id)
     from wahook_private.conversation_state_transitions where conversation_id = :t_conversation_id),
    array['pending', 'processing', 'pending', 'processing'],
    'the audit trail shows the hand-back'
);

select * from finish();
rollback;
