begin;
select plan(6);

-- Production: the owner never turned the test clock on.
update wahook_private.settings set test_clock_enabled = false;

-- A message answered a day ago (its wamid must stay remembered) and a conversation whose lease is live.
select tests.maintenance_conversation('15550001') as answered \gset
select tests.maintenance_message(:answered, 'wamid.answered', 'completed', now() - interval '1 day');
select tests.add_message('100000001', '15550002', 'wamid.live', now());
select
    conversation_id as leased,
    lease_token as live_token
from wahook.claim_conversation('worker-1') \gset
select tests.text_message_body(
    '100000001', '15550001', 'wamid.answered', extract(epoch from now())::bigint, 'hello again'
) as redelivery \gset

-- A login with only wahook_service moves the clock a thousand years ahead.
set local role wahook_service;
select set_config('wahook.now', '2999-01-01 00:00:00+00', true);

select is(
    wahook.purge_expired() -> 'messages_deleted', '0'::jsonb,
    'purge_expired does not take wahook.now: nothing is old enough to forget'
);
select is_empty(
    'select * from wahook.claim_conversation(''worker-2'')',
    'a live lease is not taken over: it has not expired by the real clock'
);
select is(
    (select k.outcome from wahook.process_message(:'redelivery'::jsonb) as k where k.kind = 'message'),
    'duplicate',
    'a redelivery of the answered message is still a duplicate'
);

reset role;
select is(
    (select count(*)::int from wahook_private.processed_webhook_messages where wamid = 'wamid.answered'), 1,
    'the deduplication record is kept'
);
select is(
    (select lease_token from wahook_private.webhook_conversations where conversation_id = :leased), :live_token::bigint,
    'the lease stays with its worker'
);
select ok(
    (select wahook_private.clock_now() < '2100-01-01'::timestamptz),
    'clock_now ignores wahook.now, even for the owner, while the test clock is off'
);

select * from finish();
rollback;
