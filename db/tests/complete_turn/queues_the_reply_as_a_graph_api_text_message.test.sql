begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset claim_

select wahook.complete_turn(
    :claim_conversation_id, :claim_lease_token, 'Hello there', 5, '{}', '{}', 'corr-9'
) as outbox_id \gset

select is(
    (select body from wahook_private.outbound_messages where id = :outbox_id),
    '{"messaging_product": "whatsapp", "recipient_type": "individual", "to": "15550001", "type": "text", "text": {"body": "Hello there"}}'::jsonb,
    'the reply is a Graph API text message to the customer'
);
select is(
    (select row(status, phone_number_id, recipient, lease_token, correlation_id)::text
     from wahook_private.outbound_messages where id = :outbox_id),
    row('queued', '100000001', '15550001', :claim_lease_token::bigint, 'corr-9')::text,
    'queued for the business number, tied to the turn''s lease token'
);
select throws_ok(
    format('select wahook.complete_turn(%s, %s, %L, 1, %L)', :claim_conversation_id, :claim_lease_token, 'again', '{}'),
    'WH010', null, 'a turn completes once: a second completion is refused, so the customer is not answered twice'
);

select * from finish();
rollback;
