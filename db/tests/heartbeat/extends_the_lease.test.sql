begin;
select plan(3);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset claim_

select set_config('wahook.now', '2026-06-01 12:01:30+00', true);
select is(
    wahook.heartbeat(:claim_conversation_id, :claim_lease_token),
    '2026-06-01 12:03:30+00'::timestamptz,
    'the lease is extended by settings.lease_seconds from now, and the new expiry returned'
);
select is(
    wahook.heartbeat(:claim_conversation_id, :claim_lease_token, 600),
    '2026-06-01 12:11:30+00'::timestamptz,
    'or by the seconds asked for'
);

select set_config('wahook.now', '2026-06-01 12:05:00+00', true);
select is_empty(
    'select * from wahook.claim_conversation(''worker-2'')',
    'an extended lease is not taken over when the original would have expired'
);

select * from finish();
rollback;
