begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select wahook.process_message(tests.echoes_body('100000001', jsonb_build_array(
    jsonb_build_object(
        'from', '15550000001', 'to_user_id', 'US.1349', 'id', 'wamid.echo.bsuid', 'timestamp', '1780315140',
        'type', 'image', 'image', jsonb_build_object('id', 'media-1', 'caption', 'our menu')
    ),
    jsonb_build_object('id', 'wamid.echo.nobody', 'type', 'text', 'text', jsonb_build_object('body', 'lost')),
    '"not an object"'::jsonb
)));

select is(
    (select row(state, customer_id, customer_user_id)::text from wahook_private.webhook_conversations
     where conversation_id = wahook_private.conversation_key('100000001', 'US.1349')),
    row('paused', 'US.1349', 'US.1349')::text,
    'a business that writes first makes the conversation of to_user_id, paused'
);
select is(
    (select array_agg(c.content) from wahook_private.agent_contexts as c
     where c.conversation_id = wahook_private.conversation_key('100000001', 'US.1349')),
    array['[image] our menu'],
    'a media echo reads as an inbound message of its type would'
);
select is(
    (select count(*)::integer from wahook_private.outbound_messages where author is not null),
    1,
    'echoes without a recipient or not objects are left as the business event'
);

select * from finish();
rollback;
