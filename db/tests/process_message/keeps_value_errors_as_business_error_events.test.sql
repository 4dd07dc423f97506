begin;
select plan(3);

select results_eq(
    $$select kind, external_id, conversation_id, outcome from wahook.process_message(tests.messages_body('100000001', '{
        "errors": [{"code": 130429, "title": "Rate limit hit", "message": "Rate limit hit",
                    "error_data": {"details": "too many messages"}}]
    }'), 'req-e')$$,
    $$values ('error', '130429', null::bigint, 'ignored')$$,
    'a value.errors entry is one ignored error row'
);
select results_eq(
    $$select kind, field, phone_number_id, payload ->> 'title', correlation_id, event_id is not null
      from wahook_private.business_events$$,
    $$values ('error', 'messages', '100000001', 'Rate limit hit', 'req-e', true)$$,
    'it is kept as a business event of kind error with the error object'
);
select is(
    (select count(*)::int from wahook_private.processed_webhook_messages) + (select count(*)::int from wahook_private.webhook_conversations),
    0,
    'no message and no conversation'
);

select * from finish();
rollback;
