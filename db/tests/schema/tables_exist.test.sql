begin;
select plan(4);

select has_schema('wahook', 'the API schema exists');
select has_schema('wahook_private', 'the private schema exists');
select tables_are(
    'wahook_private',
    array[
        'schema_migrations', 'error_codes', 'settings', 'webhook_events', 'business_events',
        'conversation_state_rules', 'webhook_conversations', 'conversation_state_transitions',
        'message_state_rules', 'processed_webhook_messages', 'message_state_transitions',
        'webhook_dlq', 'agent_contexts', 'agent_turns', 'agent_sessions', 'outbound_messages',
        'outbound_status_events', 'alert_states', 'webhook_inbox', 'inbound_media', 'inbound_media_contents',
        'inbound_media_transitions', 'media_state_rules', 'conversation_handoffs', 'handoff_alerts'
    ],
    'the private schema has exactly the documented tables'
);
select tables_are('wahook', array[]::name [], 'the API schema holds no tables');

select * from finish();
rollback;
