begin;
select plan(2);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset a_
select * from wahook.claim_conversation('worker-1') \gset b_

select set_config('wahook.now', '2026-06-01 12:01:30+00', true);
select results_eq(
    format(
        'select lease_expires_at, error_sqlstate from wahook.heartbeats(%L, 600)',
        jsonb_build_array(
            jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token),
            jsonb_build_object('conversation_id', :b_conversation_id, 'lease_token', :b_lease_token)
        )
    ),
    $$values ('2026-06-01 12:11:30+00'::timestamptz, null::text), ('2026-06-01 12:11:30+00'::timestamptz, null::text)$$,
    'each lease is extended from now and its new expiry returned'
);
select is(
    array(select lease_expires_at from wahook_private.webhook_conversations order by conversation_id),
    array['2026-06-01 12:11:30+00', '2026-06-01 12:11:30+00']::timestamptz [],
    'as stored'
);

select * from finish();
rollback;
