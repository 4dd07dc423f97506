begin;
select plan(3);

-- A body of n statuses of one outbound reply (Meta batches statuses; a handful in practice).
create function pg_temp.statuses_body(n integer) returns bytea language sql as $$
    select convert_to(pg_catalog.jsonb_build_object(
        'object', 'whatsapp_business_account',
        'entry', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
            'id', '1',
            'changes', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                'field', 'messages',
                'value', pg_catalog.jsonb_build_object(
                    'metadata', pg_catalog.jsonb_build_object('phone_number_id', '100000001'),
                    'statuses', (
                        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                            'id', 'wamid.out.' || i, 'status', 'delivered', 'timestamp', '1780315200',
                            'recipient_id', '15550001'
                        ))
                        from pg_catalog.generate_series(1, n) as i
                    )
                )
            ))
        ))
    )::text, 'UTF8')
$$;

select results_eq(
    $$select body_index, item_count, error_sqlstate
    from wahook.receive_webhooks(array[pg_temp.statuses_body(1000), pg_temp.statuses_body(1001)])$$,
    $$values (0, 1000, null::text), (1, null, 'WH001')$$,
    '1,000 items are accepted, 1,001 refused with WH001'
);
select matches(
    (select error_message from wahook.receive_webhooks(array[pg_temp.statuses_body(20000)])),
    'carries 20000 items; at most 1000',
    'the reason names the count and the cap'
);
select is(
    (select count(*) from wahook_private.webhook_inbox),
    1::bigint,
    'only the body within the cap is stored'
);

select * from finish();
rollback;
