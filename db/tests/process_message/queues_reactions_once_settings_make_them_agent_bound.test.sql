begin;
select plan(3);

select is(
    (select outcome from wahook.process_message(tests.message_body(
        '100000001', '15550001', 'wamid.r1', 1780315200, 'reaction', '{"reaction": {"message_id": "wamid.x", "emoji": "👍"}}'
    ))),
    'ignored',
    'by default a reaction is not for the agent'
);

update wahook_private.settings set agent_message_types = agent_message_types || '{reaction}';

select is(
    (select outcome from wahook.process_message(tests.message_body(
        '100000001', '15550001', 'wamid.r2', 1780315201, 'reaction', '{"reaction": {"message_id": "wamid.x", "emoji": "👍"}}'
    ))),
    'accepted',
    'with reaction in settings.agent_message_types it is accepted'
);
select results_eq(
    $$select m.status, m.text_body, c.state from wahook_private.processed_webhook_messages as m
      join wahook_private.webhook_conversations as c using (conversation_id) where m.wamid = 'wamid.r2'$$,
    $$values ('pending', '👍', 'pending')$$,
    'it is pending with its emoji as text and the conversation is pending'
);

select * from finish();
rollback;
