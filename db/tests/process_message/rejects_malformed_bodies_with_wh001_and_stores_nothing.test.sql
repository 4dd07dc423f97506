begin;
select plan(30);

create temporary table bad (why text, body jsonb) on commit drop;
insert into bad values
('a SQL null', null),
('a JSON array', '[]'),
('a JSON string', '"hello"'),
('another object', '{"object": "page", "entry": []}'),
('no entry', '{"object": "whatsapp_business_account"}'),
('an empty entry', '{"object": "whatsapp_business_account", "entry": []}'),
('an entry that is not an object', '{"object": "whatsapp_business_account", "entry": [1]}'),
('an entry without changes', '{"object": "whatsapp_business_account", "entry": [{"id": "1"}]}'),
('changes that are not an array', '{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": {}}]}'),
('a change without field', '{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"value": {}}]}]}'),
('a messages change without an object value', tests.change_body('messages', '"x"')),
('messages that are not an array', tests.messages_body('1', '{"messages": {"id": "wamid.1"}}')),
('statuses that are not an array', tests.messages_body('1', '{"statuses": "read"}')),
('a message without id', tests.text_message_body('1', '2', 'x', 1780315200, 'hi') #- '{entry,0,changes,0,value,messages,0,id}'),
('a message without type', tests.text_message_body('1', '2', 'wamid.1', 1780315200, 'hi') #- '{entry,0,changes,0,value,messages,0,type}'),
('a message without timestamp', tests.text_message_body('1', '2', 'wamid.1', 1780315200, 'hi') #- '{entry,0,changes,0,value,messages,0,timestamp}'),
('a non-numeric timestamp', jsonb_set(tests.text_message_body('1', '2', 'wamid.1', 1, 'hi'), '{entry,0,changes,0,value,messages,0,timestamp}', '"yesterday"')),
('a fractional timestamp', jsonb_set(tests.text_message_body('1', '2', 'wamid.1', 1, 'hi'), '{entry,0,changes,0,value,messages,0,timestamp}', '1.5')),
('a huge timestamp', jsonb_set(tests.text_message_body('1', '2', 'wamid.1', 1, 'hi'), '{entry,0,changes,0,value,messages,0,timestamp}', '"99999999999999999999"')),
('a numeric wamid', jsonb_set(tests.text_message_body('1', '2', 'wamid.1', 1, 'hi'), '{entry,0,changes,0,value,messages,0,id}', '12')),
('an oversized wamid', tests.text_message_body('1', '2', repeat('w', 513), 1780315200, 'hi')),
('a message without any sender', tests.messages_body('1', '{"messages": [{"id": "wamid.1", "timestamp": "1", "type": "text"}]}')),
('a metadata without phone_number_id', tests.text_message_body('1', '2', 'wamid.1', 1, 'hi') #- '{entry,0,changes,0,value,metadata,phone_number_id}'),
('a status without id', tests.status_body('1', '2', 'wamid.1', 'read', 1) #- '{entry,0,changes,0,value,statuses,0,id}'),
('a status without status', tests.status_body('1', '2', 'wamid.1', 'read', 1) #- '{entry,0,changes,0,value,statuses,0,status}'),
('a status without recipient', tests.status_body('1', '2', 'wamid.1', 'read', 1) #- '{entry,0,changes,0,value,statuses,0,recipient_id}'),
('a status with a bad timestamp', jsonb_set(tests.status_body('1', '2', 'wamid.1', 'read', 1), '{entry,0,changes,0,value,statuses,0,timestamp}', '"-1"'));

-- A good message before the bad one must not be kept either.
insert into bad values (
    'a good message followed by a bad one',
    jsonb_set(
        tests.text_message_body('1', '2', 'wamid.good', 1780315200, 'hi'),
        '{entry,0,changes,0,value,messages,1}',
        '{"from": "2", "id": "wamid.bad", "type": "text", "timestamp": "soon"}'
    )
);

select throws_ok(
    format('select * from wahook.process_message(%L::jsonb)', b.body),
    'WH001',
    null,
    'WH001 for ' || b.why
)
from bad as b;

select is(
    (select count(*)::int from wahook_private.webhook_events) + (select count(*)::int from wahook_private.webhook_conversations)
        + (select count(*)::int from wahook_private.processed_webhook_messages)
        + (select count(*)::int from wahook_private.outbound_status_events)
        + (select count(*)::int from wahook_private.business_events),
    0,
    'nothing is stored'
);
select is((select count(*)::int from bad), 28, 'every case was tried');

select * from finish();
rollback;
