begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 12:00:00+00');

select is(
    (select row(outcome, next_attempt_at)::text
     from wahook.fail_turn(:t_conversation_id, :t_lease_token, 'bad_request', 'content policy', false)),
    row('dead', null::timestamptz)::text,
    'a non-retryable failure returns dead'
);
select is(
    (select row(m.status, d.status, d.errors -> 0 ->> 'retryable')::text
     from wahook_private.processed_webhook_messages as m
     inner join wahook_private.webhook_dlq as d on m.id = d.message_id
     where m.wamid = 'wamid.a'),
    row('dead', 'dead', 'false')::text,
    'its messages are dead at the first failure'
);
select is(
    tests.conversation_state(:t_conversation_id), 'pending',
    'the conversation moves on to the message that waits'
);
select is(
    (select row(status, error_code, retryable)::text from wahook_private.agent_turns where lease_token = :t_lease_token),
    row('failed', 'bad_request', false)::text,
    'the turn is failed with the error'
);

select * from finish();
rollback;
