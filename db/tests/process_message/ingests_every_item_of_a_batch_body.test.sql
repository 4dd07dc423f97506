begin;
select plan(5);

-- Two entries; the first has two changes (two messages of two customers, then a status and an
-- error), the second an account_update.
create temporary table result on commit drop as
select
    row_number() over () as n,
    r.*
from wahook.process_message($${
    "object": "whatsapp_business_account",
    "entry": [
        {"id": "1", "changes": [
            {"field": "messages", "value": {
                "metadata": {"display_phone_number": "15550000000", "phone_number_id": "100000001"},
                "contacts": [{"profile": {"name": "B"}, "wa_id": "15550002"}],
                "messages": [
                    {"from": "15550002", "id": "wamid.m1", "timestamp": "1780315200", "type": "text", "text": {"body": "one"}},
                    {"from": "15550002", "id": "wamid.m2", "timestamp": 1780315199, "type": "text", "text": {"body": "two"}}
                ]}},
            {"field": "messages", "value": {
                "metadata": {"display_phone_number": "15550000000", "phone_number_id": "100000002"},
                "contacts": [{"profile": {"name": "A"}, "wa_id": "15550001"}],
                "messages": [{"from": "15550001", "id": "wamid.m3", "timestamp": "1780315200", "type": "image",
                              "image": {"id": "1", "caption": "look"}}],
                "statuses": [{"id": "wamid.out1", "status": "delivered", "timestamp": "1780315200", "recipient_id": "15550001"}],
                "errors": [{"code": 131000, "title": "Something went wrong"}]}}
        ]},
        {"id": "2", "changes": [{"field": "account_update", "value": {"event": "VERIFIED_ACCOUNT"}}]}
    ]
}$$::jsonb) as r;

select results_eq(
    'select kind, external_id, outcome from result order by n',
    $$values ('message', 'wamid.m1', 'accepted'), ('message', 'wamid.m2', 'accepted'),
             ('message', 'wamid.m3', 'accepted'), ('status', 'wamid.out1', 'unmatched'),
             ('error', '131000', 'ignored'), ('event', 'account_update', 'ignored')$$,
    'one row per item, in body order'
);
select is(
    (select item_count from wahook_private.webhook_events),
    6,
    'the body counts its six items'
);
select results_eq(
    $$select wamid, text_body from wahook_private.processed_webhook_messages
      where conversation_id = wahook_private.conversation_key('100000001', '15550002') order by id$$,
    $$values ('wamid.m2', 'two'), ('wamid.m1', 'one')$$,
    'messages of a conversation are stored in WhatsApp time order'
);
select is(
    (select count(*)::int from wahook_private.webhook_conversations where state = 'pending'),
    2,
    'both conversations are pending'
);
select results_eq(
    'select kind, field, waba_id from wahook_private.business_events order by id',
    $$values ('error', 'messages', '1'), ('event', 'account_update', '2')$$,
    'the error and the other change are kept as business events'
);

select * from finish();
rollback;
