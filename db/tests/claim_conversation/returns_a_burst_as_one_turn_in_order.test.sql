begin;
select plan(6);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
-- Three messages of one burst, recorded out of WhatsApp-timestamp order; two share a timestamp.
select tests.add_message('100000001', '15550001', 'wamid.c', '2026-06-01 11:59:30+00', 'third') as third_id \gset
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00', 'first') as first_id \gset
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 11:59:00+00', 'second') as second_id \gset

select * from wahook.claim_conversation('worker-1') \gset claim_

select is(:claim_conversation_id, tests.conversation_of('100000001', '15550001'), 'the conversation is claimed');
select is(
    (select array_agg(x.m ->> 'wamid' order by x.o) from jsonb_array_elements(:'claim_messages'::jsonb) with ordinality as x (m, o)),
    array['wamid.a', 'wamid.b', 'wamid.c'],
    'all its pending messages come in one turn, by WhatsApp timestamp then arrival'
);
select is(
    (:'claim_messages'::jsonb) -> 0,
    jsonb_build_object(
        'id', :first_id, 'wamid', 'wamid.a', 'type', 'text', 'text', 'first',
        'wa_timestamp', '2026-06-01T11:59:00+00:00'::timestamptz, 'attempt', 1,
        'payload', '{"id": "wamid.a", "type": "text", "text": {"body": "first"}}'::jsonb,
        'correlation_id', 'fixture-wamid.a'
    ),
    'each message carries id, wamid, type, text, wa_timestamp, attempt, payload and correlation id'
);
select is(tests.conversation_state(:claim_conversation_id), 'processing', 'the conversation is processing');
select is(
    (select array_agg(distinct m.status || '/' || (m.lease_token = :claim_lease_token)::text)
     from wahook_private.processed_webhook_messages as m where m.conversation_id = :claim_conversation_id),
    array['processing/true'],
    'every message is processing under the new lease token'
);
select is(
    (select row(c.lease_owner, c.lease_token, c.lease_expires_at)::text
     from wahook_private.webhook_conversations as c where c.conversation_id = :claim_conversation_id),
    row('worker-1', :claim_lease_token::bigint, '2026-06-01 12:02:00+00'::timestamptz)::text,
    'the lease belongs to the worker and lasts settings.lease_seconds (2 minutes)'
);

select * from finish();
rollback;
