begin;
select plan(4);

-- As netflie message_bsuid_only_no_from.json: no "from", the contact has a user_id (BSUID) only.
select results_eq(
    $$select outcome, conversation_id from wahook.process_message(tests.messages_body('100000001', '{
        "contacts": [{"profile": {"name": "NAME"}, "user_id": "BSUID_123"}],
        "messages": [{"id": "wamid.b1", "timestamp": "1669233778", "type": "text", "text": {"body": "hi"}}]
    }'))$$,
    $$values ('accepted', wahook_private.conversation_key('100000001', 'BSUID_123'))$$,
    'a BSUID-only sender is keyed by its user id'
);
select results_eq(
    $$select customer_id, customer_wa_id, customer_user_id, profile_name from wahook_private.webhook_conversations
      where conversation_id = wahook_private.conversation_key('100000001', 'BSUID_123')$$,
    $$values ('BSUID_123', null::text, 'BSUID_123', 'NAME')$$,
    'the conversation knows the user id only'
);

-- As message_wa_id_and_user_id.json: a from (the wa_id) wins over the contact's user_id.
select results_eq(
    $$select outcome, conversation_id from wahook.process_message(tests.messages_body('100000001', '{
        "contacts": [{"profile": {"name": "Ann"}, "wa_id": "15550009", "user_id": "US.9"}],
        "messages": [{"from": "15550009", "id": "wamid.b2", "timestamp": "1669233778", "type": "text", "text": {"body": "hi"}}]
    }'))$$,
    $$values ('accepted', wahook_private.conversation_key('100000001', '15550009'))$$,
    'with a from, the wa_id keys the conversation'
);
select results_eq(
    $$select customer_id, customer_wa_id, customer_user_id, profile_name from wahook_private.webhook_conversations
      where conversation_id = wahook_private.conversation_key('100000001', '15550009')$$,
    $$values ('15550009', '15550009', 'US.9', 'Ann')$$,
    'the conversation keeps both ids and the profile name'
);

select * from finish();
rollback;
