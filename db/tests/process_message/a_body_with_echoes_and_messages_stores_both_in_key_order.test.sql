begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
-- One body, two changes: a new customer writes, and the business writes to another new customer.
select results_eq(
    $$select kind, outcome from wahook.process_message(jsonb_build_object(
        'object', 'whatsapp_business_account',
        'entry', jsonb_build_array(jsonb_build_object('id', '102290129340398', 'changes', jsonb_build_array(
            jsonb_build_object('field', 'messages', 'value', jsonb_build_object(
                'messaging_product', 'whatsapp',
                'metadata', jsonb_build_object('display_phone_number', '15550000001', 'phone_number_id', '100000001'),
                'contacts', jsonb_build_array(jsonb_build_object('wa_id', '15550995', 'profile', jsonb_build_object('name', 'Ann'))),
                'messages', jsonb_build_array(jsonb_build_object(
                    'from', '15550995', 'id', 'wamid.mix.in', 'timestamp', '1780315100', 'type', 'text',
                    'text', jsonb_build_object('body', 'hi')
                ))
            )),
            jsonb_build_object('field', 'smb_message_echoes', 'value', jsonb_build_object(
                'messaging_product', 'whatsapp',
                'metadata', jsonb_build_object('display_phone_number', '15550000001', 'phone_number_id', '100000001'),
                'message_echoes', jsonb_build_array(jsonb_build_object(
                    'from', '15550000001', 'to', '15550996', 'id', 'wamid.mix.echo', 'timestamp', '1780315100',
                    'type', 'text', 'text', jsonb_build_object('body', 'hello from the shop')
                ))
            ))
        )))
    ))$$,
    $$values ('message'::text, 'accepted'::text), ('event', 'ignored')$$,
    'the message is accepted and the echo change is an event'
);
select is(
    (select row(state, profile_name, last_inbound_at is not null)::text from wahook_private.webhook_conversations
     where conversation_id = wahook_private.conversation_key('100000001', '15550995')),
    row('pending', 'Ann', true)::text,
    'the writing customer''s conversation is made as a message makes it'
);
select is(
    tests.conversation_state(wahook_private.conversation_key('100000001', '15550996')), 'paused',
    'the other, made by the echo, is taken over'
);
select is(
    (select author from wahook_private.outbound_messages where wamid = 'wamid.mix.echo'),
    'whatsapp business app',
    'the echo is the business''s message'
);

select * from finish();
rollback;
