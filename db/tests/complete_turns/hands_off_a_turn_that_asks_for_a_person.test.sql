begin;
select plan(9);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select wahook.update_settings('{"agent_turns_per_minute": 1000}');
select tests.add_message('100000001', '15550901', 'wamid.h1', '2026-06-01 11:59:00+00', 'I want a human');
select * from wahook.claim_conversation('worker-1') \gset t_
-- A message arrives while the agent thinks: it must wait for the person.
select tests.add_message('100000001', '15550901', 'wamid.h2', '2026-06-01 11:59:30+00', 'hello?');

select results_eq(
    format(
        $$select error_sqlstate, outbox_id is not null from wahook.complete_turns(%L)$$,
        jsonb_build_array(jsonb_build_object(
            'conversation_id', :t_conversation_id, 'lease_token', :t_lease_token,
            'reply_text', 'A colleague will answer you shortly.', 'handoff_reason', 'customer asks for a human'
        ))
    ),
    $$values (null::text, true)$$,
    'the turn completes with its reply queued'
);
select is(
    (select row(state, paused_reason)::text from wahook_private.webhook_conversations where conversation_id = :t_conversation_id),
    row('paused', 'handoff: customer asks for a human')::text,
    'the conversation is paused in the same transaction, with the reason'
);
select is(
    (select row(kind, reason)::text from wahook_private.conversation_handoffs where conversation_id = :t_conversation_id),
    row('handoff', 'customer asks for a human')::text,
    'the pause is noted as a handoff'
);
select is(
    (select array_agg(reason) from wahook_private.handoff_alerts where conversation_id = :t_conversation_id and notified_at is null),
    array['customer asks for a human'],
    'one alert waits for the alert loop'
);
select is(
    tests.message_status(:t_conversation_id, 'wamid.h2'), 'pending',
    'the message that came meanwhile waits'
);
select is_empty(
    $$select * from wahook.claim_conversation('worker-2')$$,
    'and nobody claims the conversation'
);
select results_eq(
    $$select refused_code, body -> 'text' ->> 'body' from wahook.claim_outbound_messages('sender-a')$$,
    $$values (null::text, 'A colleague will answer you shortly.')$$,
    'the handoff turn''s own reply is sent, not withheld'
);
select is(
    (select actor from wahook_private.conversation_state_transitions
     where conversation_id = :t_conversation_id and to_state = 'paused'),
    'agent',
    'the audit row names the agent'
);
select results_eq(
    format(
        $$select error_sqlstate from wahook.complete_turns(%L)$$,
        jsonb_build_array(jsonb_build_object(
            'conversation_id', :t_conversation_id, 'lease_token', :t_lease_token, 'reply_text', 'again',
            'handoff_reason', 'again'
        ))
    ),
    $$values ('WH010'::text)$$,
    'completing it again is refused and pauses nothing twice'
);

select * from finish();
rollback;
