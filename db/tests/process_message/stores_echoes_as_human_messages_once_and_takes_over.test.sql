begin;
select plan(10);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550931', 'wamid.in1', '2026-06-01 11:58:00+00', 'is it open?');

create temporary table echo_bodies on commit drop as
select
    tests.echoes_body('100000001', jsonb_build_array(jsonb_build_object(
        'from', '15550000001', 'to', '15550931', 'id', 'wamid.echo1', 'timestamp', '1780315140',
        'type', 'text', 'text', jsonb_build_object('body', 'Yes, until 6pm')
    ))) as sent,
    tests.echoes_body('100000001', jsonb_build_array(jsonb_build_object(
        'from', '15550000001', 'to', '15550931', 'id', 'wamid.echo2', 'timestamp', '1780315150',
        'type', 'edit', 'edit', jsonb_build_object(
            'original_message_id', 'wamid.echo1',
            'message', jsonb_build_object('type', 'text', 'text', jsonb_build_object('body', 'Yes, until 7pm'))
        )
    ))) as edited,
    tests.echoes_body('100000001', jsonb_build_array(jsonb_build_object(
        'from', '15550000001', 'to', '15550931', 'id', 'wamid.echo3', 'timestamp', '1780315160',
        'type', 'revoke', 'revoke', jsonb_build_object('original_message_id', 'wamid.echo1')
    ))) as revoked;

select tests.conversation_of('100000001', '15550931') as c \gset

select results_eq(
    $$select kind, outcome from wahook.process_message((select sent from echo_bodies))$$,
    $$values ('event'::text, 'ignored'::text)$$,
    'an echo change is reported as the event it is'
);
select wahook.process_message((select sent from echo_bodies));
select is(
    (select array_agg(row(status, author, wamid, body -> 'text' ->> 'body')::text)
     from wahook_private.outbound_messages where conversation_id = :c),
    array[row('sent', 'whatsapp business app', 'wamid.echo1', 'Yes, until 6pm')::text],
    'delivered twice, it is stored once, as a sent message of the business'
);
select is(
    (select count(*)::integer from wahook_private.processed_webhook_messages where conversation_id = :c),
    1,
    'it is never a customer message'
);
select is(
    (select row(state, paused_reason)::text from wahook_private.webhook_conversations where conversation_id = :c),
    row('paused', 'takeover: the business wrote in the WhatsApp Business app')::text,
    'it pauses the conversation for the agent'
);
select is(
    tests.message_status(:c, 'wamid.in1'), 'pending',
    'the customer''s message waits for the person'
);
select is(
    (select array_agg(row(role, content)::text) from wahook_private.agent_contexts where conversation_id = :c),
    array[row('assistant', 'Yes, until 6pm')::text],
    'it is remembered as what the business said'
);

select wahook.process_message((select edited from echo_bodies));
select is(
    (select row(body -> 'text' ->> 'body', edited_at is not null)::text
     from wahook_private.outbound_messages where conversation_id = :c),
    row('Yes, until 7pm', true)::text,
    'an echoed edit changes its text'
);
select is(
    (select array_agg(content) from wahook_private.agent_contexts where conversation_id = :c),
    array['Yes, until 7pm'],
    'in the memory too'
);

select wahook.process_message((select revoked from echo_bodies));
select is(
    (select row(body ? 'text', revoked_at is not null)::text
     from wahook_private.outbound_messages where conversation_id = :c),
    row(false, true)::text,
    'an echoed revoke removes its text'
);
select is_empty(
    format('select * from wahook_private.agent_contexts where conversation_id = %s', :c),
    'and its memory'
);

select * from finish();
rollback;
