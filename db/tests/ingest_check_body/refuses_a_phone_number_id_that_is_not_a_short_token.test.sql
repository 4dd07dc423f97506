-- phone_number_id goes into the Graph API URL path and into the conversation key
-- (phone_number_id || ':' || customer): only 1 to 64 letters, digits, _ and - are accepted.
begin;
select plan(11);

select throws_ok(
    format('select wahook_private.ingest_check_body(%L::jsonb)', tests.text_message_body(b.id, '2', 'wamid.1', 1780315200, 'hi')),
    'WH001',
    'invalid WhatsApp webhook body: entry[0].changes[0].value.metadata.phone_number_id is missing or not 1 to 64 letters, digits, _ or -',
    'a message to phone_number_id ' || b.why || ' is refused'
)
from (values
    ('1:2', 'with a colon'),
    ('123/../456', 'with a slash'),
    ('<BUSINESS_PHONE_NUMBER_ID>', 'in angle brackets'),
    ('', 'that is empty'),
    (repeat('1', 65), 'of 65 digits'),
    ('123 456', 'with a space')
) as b (id, why);

select throws_ok(
    format('select wahook_private.ingest_check_body(%L::jsonb)', tests.status_body('1:2', '2', 'wamid.1', 'read', 1)),
    'WH001',
    null,
    'a status to phone_number_id 1:2 is refused'
);

select is(
    (
        select error_sqlstate from wahook.receive_webhooks(
            array[convert_to(tests.text_message_body('1/2', '2', 'wamid.1', 1780315200, 'hi')::text, 'UTF8')]
        )
    ),
    'WH001',
    'receive_webhooks refuses a body whose phone_number_id holds a slash'
);

select is(
    wahook_private.ingest_check_body(tests.text_message_body(b.id, '2', 'wamid.1', 1780315200, 'hi')),
    1,
    'phone_number_id ' || b.id || ' is accepted'
)
from (values ('106540352242922'), ('PHONE_NUMBER_ID'), (repeat('9', 64))) as b (id);

select * from finish();
rollback;
