begin;
select plan(4);

create temporary table result on commit drop as
select
    f.field,
    r.*
from (values
    ('account_update', '{"event": "VERIFIED_ACCOUNT"}'::jsonb),
    ('message_template_status_update', '{"event": "APPROVED", "message_template_id": 1}'),
    ('phone_number_quality_update', '{"event": "FLAGGED"}'),
    ('user_preferences', '{"user_preferences": [{"wa_id": "1", "value": "stop"}]}'),
    ('smb_message_echoes', '{"metadata": {"phone_number_id": "1"}, "message_echoes": [{"id": "wamid.e", "type": "text"}]}'),
    ('some_future_field', '[1, 2, 3]'),
    -- Call statuses are not message statuses.
    ('calls', '{"metadata": {"phone_number_id": "1"}, "statuses": [{"id": "wacid.1", "status": "RINGING", "recipient_id": "2"}]}')
) as f (field, value)
cross join lateral wahook.process_message(tests.change_body(f.field, f.value)) as r;

select is(
    (select count(*)::int from result where kind = 'event' and outcome = 'ignored' and external_id = field and conversation_id is null),
    7,
    'each change other than messages is one ignored event named by its field'
);
select is(
    (select array_agg(field order by field) from wahook_private.business_events where kind = 'event'),
    array['account_update', 'calls', 'message_template_status_update', 'phone_number_quality_update',
          'smb_message_echoes', 'some_future_field', 'user_preferences'],
    'each is kept in business_events'
);
select is(
    (select payload from wahook_private.business_events where field = 'some_future_field'),
    '[1, 2, 3]'::jsonb,
    'with its value as received'
);
select is(
    (select count(*)::int from wahook_private.outbound_status_events)
        + (select count(*)::int from wahook_private.processed_webhook_messages),
    0,
    'call statuses and echoes are neither statuses nor messages'
);

select * from finish();
rollback;
