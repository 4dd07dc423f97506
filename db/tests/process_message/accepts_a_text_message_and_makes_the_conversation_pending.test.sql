begin;
select plan(9);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
create temporary table result on commit drop as
select * from wahook.process_message(
    tests.text_message_body('100000001', '15550001', 'wamid.t1', 1780315200, 'hello'), 'req-1'
);

select results_eq(
    'select kind, external_id, conversation_id, outcome from result',
    $$values ('message', 'wamid.t1', wahook_private.conversation_key('100000001', '15550001'), 'accepted')$$,
    'one row: the message is accepted in the conversation of (phone number id, customer)'
);
select results_eq(
    $$select status, message_type, text_body, wa_timestamp, correlation_id, payload ->> 'id'
      from wahook_private.processed_webhook_messages where wamid = 'wamid.t1'$$,
    $$values ('pending', 'text', 'hello', '2026-06-01 12:00:00+00'::timestamptz, 'req-1', 'wamid.t1')$$,
    'the message is stored pending with its text, WhatsApp time, correlation id and payload'
);
select results_eq(
    $$select state, available_at, customer_id, customer_wa_id, profile_name, display_phone_number, last_inbound_at
      from wahook_private.webhook_conversations where conversation_id = wahook_private.conversation_key('100000001', '15550001')$$,
    $$values ('pending', '2026-06-01 12:00:00+00'::timestamptz, '15550001', '15550001', 'Customer 15550001',
              '15550000000', '2026-06-01 12:00:00+00'::timestamptz)$$,
    'the conversation is created pending, available now, with the customer and the newest inbound time'
);
select results_eq(
    $$select from_state, to_state, correlation_id from wahook_private.conversation_state_transitions
      where conversation_id = wahook_private.conversation_key('100000001', '15550001')$$,
    $$values ('idle', 'pending', 'req-1')$$,
    'the state change is audited with the correlation id'
);
select results_eq(
    $$select correlation_id, item_count, duplicate_count, payload #>> '{entry,0,changes,0,value,messages,0,id}'
      from wahook_private.webhook_events$$,
    $$values ('req-1', 1, 0, 'wamid.t1')$$,
    'the raw body is kept with its correlation id and item count'
);
select is(
    (select m.event_id from wahook_private.processed_webhook_messages as m where m.wamid = 'wamid.t1'),
    (select e.id from wahook_private.webhook_events as e),
    'the message points at its raw body'
);
select is((select count(*)::int from wahook_private.business_events), 0, 'no business event');

-- A second message while pending: stored, the conversation stays pending and is not audited again.
select is(
    (select outcome from wahook.process_message(tests.text_message_body('100000001', '15550001', 'wamid.t2', 1780315201, 'again'))),
    'accepted',
    'a second message is accepted'
);
select is(
    (select count(*)::int from wahook_private.conversation_state_transitions),
    1,
    'a pending conversation takes it without a state change'
);

select * from finish();
rollback;
