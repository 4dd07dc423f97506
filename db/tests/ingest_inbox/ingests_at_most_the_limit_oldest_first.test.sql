begin;
select plan(3);

select count(*) from wahook.receive_webhooks(
    (select array_agg(convert_to(tests.text_message_body('100000001', '15550001', 'wamid.' || n, 1780315200, 'm')::text, 'UTF8') order by n)
     from generate_series(1, 3) as n),
    array['b1', 'b2', 'b3']
);

select results_eq('select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(2)', $$values (2, 2, 2, 0)$$, 'two bodies at most');
select is(
    (select array_agg(correlation_id) from wahook_private.webhook_inbox), array['b3'], 'the oldest went first'
);
select results_eq('select body_count, item_count, accepted_count, failed_count from wahook.ingest_inbox(2)', $$values (1, 1, 1, 0)$$, 'the rest on the next call');

select * from finish();
rollback;
