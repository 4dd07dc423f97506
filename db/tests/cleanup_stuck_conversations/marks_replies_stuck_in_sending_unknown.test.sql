begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(:t_conversation_id, :t_lease_token, 'hi', 1, '{}') as stuck_id \gset
select tests.add_message('100000001', '15550001', 'wamid.b', '2026-06-01 12:00:00+00');
select * from wahook.claim_conversation('worker-1') \gset t_
select wahook.complete_turn(:t_conversation_id, :t_lease_token, 'hi again', 1, '{}') as fresh_id \gset

update wahook_private.outbound_messages
set status = 'sending', sender = 'sender-1', sending_expires_at = '2026-06-01 12:01:00+00',
    updated_at = '2026-06-01 12:00:00+00'
where id = :stuck_id;
update wahook_private.outbound_messages
set status = 'sending', sender = 'sender-1', sending_expires_at = '2026-06-01 12:05:00+00',
    updated_at = '2026-06-01 12:04:00+00'
where id = :fresh_id;

select set_config('wahook.now', '2026-06-01 12:05:00+00', true);
select is((wahook.cleanup_stuck_conversations() ->> 'replies_marked_unknown')::int, 1, 'one reply is stuck');
select is(
    (select row(status, sender, errors -> 0 ->> 'code')::text from wahook_private.outbound_messages where id = :stuck_id),
    row('unknown', null::text, 'sending_timeout')::text,
    'a reply in sending for settings.outbox_sending_timeout_seconds is unknown (not queued again)'
);
select is((select status from wahook_private.outbound_messages where id = :fresh_id), 'sending', 'a recent one is left alone');

select * from finish();
rollback;
