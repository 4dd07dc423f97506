begin;
select plan(4);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select tests.add_message('100000001', '15550002', 'wamid.2', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1', 60) \gset lost_
select * from wahook.claim_conversation('worker-1', 600) \gset kept_

select set_config('wahook.now', '2026-06-01 12:01:00+00', true);
create temporary table beats on commit drop as
select * from wahook.heartbeats(jsonb_build_array(
    jsonb_build_object('conversation_id', :lost_conversation_id, 'lease_token', :lost_lease_token),
    jsonb_build_object('conversation_id', 42, 'lease_token', 1),
    jsonb_build_object('conversation_id', :kept_conversation_id, 'lease_token', :kept_lease_token)
));

select is(
    (select error_sqlstate from beats where conversation_id = :lost_conversation_id), 'WH010',
    'an expired lease is reported lost'
);
select is((select error_sqlstate from beats where conversation_id = 42), 'WH011', 'an unknown conversation is WH011');
select is(
    (select lease_expires_at from beats where conversation_id = :kept_conversation_id),
    '2026-06-01 12:03:00+00'::timestamptz,
    'the live lease is extended all the same'
);
select is(
    (select lease_expires_at from wahook_private.webhook_conversations where conversation_id = :lost_conversation_id),
    '2026-06-01 12:01:00+00'::timestamptz,
    'the lost one is not'
);

select * from finish();
rollback;
