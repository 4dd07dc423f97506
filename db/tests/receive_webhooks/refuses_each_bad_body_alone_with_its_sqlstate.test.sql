begin;
select plan(2);

-- Each bad body gets its own error row and is not stored; its neighbours are.
select results_eq(
    $$select body_index, item_count, error_sqlstate from wahook.receive_webhooks(array[
        convert_to(tests.text_message_body('100000001', '15550001', 'wamid.1', 1780315200, 'one')::text, 'UTF8'),
        convert_to('{"object": "page", "entry": []}', 'UTF8'),
        convert_to('not json', 'UTF8'),
        '\xff7b7d'::bytea,
        convert_to('{"a": "\u0000"}', 'UTF8'),
        convert_to('{"a": 1e1000000}', 'UTF8'),
        convert_to(tests.text_message_body('100000001', '15550001', 'wamid.2', 1780315200, 'two')::text, 'UTF8')
    ], array['good-1', 'wh001', 'json', 'utf8', 'nul', 'number', 'good-2'])$$,
    $$values (0, 1, null::text), (1, null, 'WH001'), (2, null, '22P02'), (3, null, '22021'), (4, null, '22P05'),
        (5, null, '22003'), (6, 1, null)$$,
    'WH001 not a WhatsApp notification, 22P02 not JSON, 22021 not UTF-8, 22P05 a NUL escape, 22003 a number out of range'
);
select is(
    (select array_agg(correlation_id order by id) from wahook_private.webhook_inbox),
    array['good-1', 'good-2'],
    'only the good bodies are stored'
);

select * from finish();
rollback;
