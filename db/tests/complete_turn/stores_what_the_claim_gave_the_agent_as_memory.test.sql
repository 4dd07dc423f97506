begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
create temporary table ingested on commit drop as
select * from wahook.process_message(tests.messages_body('100000001', jsonb_build_object('messages', jsonb_build_array(
    jsonb_build_object('from', '15550001', 'id', 'wamid.i', 'timestamp', '1780315190', 'type', 'image',
        'image', jsonb_build_object('id', '1', 'caption', 'my cat')),
    jsonb_build_object('from', '15550001', 'id', 'wamid.b', 'timestamp', '1780315191', 'type', 'button',
        'button', jsonb_build_object('payload', 'P', 'text', 'Yes please')),
    jsonb_build_object('from', '15550001', 'id', 'wamid.s', 'timestamp', '1780315192', 'type', 'sticker',
        'sticker', jsonb_build_object('id', '2'))
))));
select * from wahook.claim_conversation('worker-1') \gset claim_

select is(
    array(select m ->> 'text' from jsonb_array_elements(:'claim_messages'::jsonb) as m),
    array['[image] my cat', '[button] Yes please', '[sticker]'],
    'the claim gives each message as the agent reads it'
);

select wahook.complete_turn(
    :claim_conversation_id, :claim_lease_token, 'reply', 7,
    (select jsonb_object_agg(m ->> 'id', 5) from jsonb_array_elements(:'claim_messages'::jsonb) as m)
);

select is(
    array(
        select c.content from wahook_private.agent_contexts as c
        where c.conversation_id = :claim_conversation_id and c.role = 'user' order by c.id
    ),
    array['[image] my cat', '[button] Yes please', '[sticker]'],
    'completing the turn stores exactly what the claim gave the agent as the messages'' memory'
);

select * from finish();
rollback;
