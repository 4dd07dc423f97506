begin;
select plan(6);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);

-- A turn fails and waits for its retry; the customer deletes the message meanwhile.
select tests.ingest(tests.text_message_body('100000001', '15550201', 'wamid.f.1', 1780315200, 'help'));
select tests.conversation_of('100000001', '15550201') as conv \gset
select * from wahook.claim_conversation('worker-1') \gset t1_
select * from wahook.fail_turn(:t1_conversation_id, :t1_lease_token, 'provider_down', 'boom', true);
select is(tests.conversation_state(:conv), 'retry_wait', 'the conversation waits for the retry');
select tests.ingest(tests.revoke_body('100000001', '15550201', 'wamid.f.revoke', 1780315260, 'wamid.f.1'));
select is(
    row(tests.message_status(:conv, 'wamid.f.1'), tests.conversation_state(:conv))::text,
    row('skipped', 'idle')::text,
    'the message is skipped and the retry called off: nothing left to answer'
);
select is(
    (select d.status from wahook_private.webhook_dlq as d where d.conversation_id = :conv),
    'resolved',
    'its DLQ entry is settled'
);

-- A message that went dead, then deleted: not left for a replay.
select tests.ingest(tests.text_message_body('100000001', '15550202', 'wamid.f.2', 1780315200, 'help again'));
select tests.conversation_of('100000001', '15550202') as conv2 \gset
select * from wahook.claim_conversation('worker-1') \gset t2_
select * from wahook.fail_turn(:t2_conversation_id, :t2_lease_token, 'bad_request', 'refused', false);
select is(tests.message_status(:conv2, 'wamid.f.2'), 'dead', 'a non-retryable failure is dead');
select tests.ingest(tests.revoke_body('100000001', '15550202', 'wamid.f.revoke2', 1780315260, 'wamid.f.2'));
select is(
    (select row(m.status, d.status)::text from wahook_private.processed_webhook_messages as m
     inner join wahook_private.webhook_dlq as d on m.conversation_id = d.conversation_id and m.id = d.message_id
     where m.conversation_id = :conv2 and m.wamid = 'wamid.f.2'),
    row('skipped', 'resolved')::text,
    'revoked, it is skipped and its DLQ entry settled'
);
select is(
    (select t.from_state || '->' || t.to_state || ': ' || t.reason from wahook_private.message_state_transitions as t
     where t.conversation_id = :conv2 order by t.id desc limit 1),
    'dead->skipped: revoked by the customer',
    'through the new rule, audited'
);

select * from finish();
rollback;
