begin;
select plan(1);

set local timezone = 'UTC';
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.1', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1', 600) \gset a_

-- The same conversation named three times: a stale token before and after its live lease. Each is
-- reported as if taken alone, in order: the refusal before the live lease sees the expiry as it was
-- (12:10), the one after it as extended (12:01).
select results_eq(
    format(
        'select lease_token, lease_expires_at, error_sqlstate, error_message from wahook.heartbeats(%L, 60)',
        jsonb_build_array(
            jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token + 100),
            jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token),
            jsonb_build_object('conversation_id', :a_conversation_id, 'lease_token', :a_lease_token + 200)
        )
    ),
    format(
        $$values
            (%1$s::bigint, null::timestamptz, 'WH010'::text,
                'lease %1$s of conversation %3$s is lost (state processing, current token %2$s, expires at 2026-06-01 12:10:00+00)'::text),
            (%2$s, '2026-06-01 12:01:00+00', null, null),
            (%4$s, null, 'WH010',
                'lease %4$s of conversation %3$s is lost (state processing, current token %2$s, expires at 2026-06-01 12:01:00+00)')$$,
        :a_lease_token + 100, :a_lease_token, :a_conversation_id, :a_lease_token + 200
    ),
    'the live lease is extended and each refusal is worded as the conversation stood at its turn'
);

select * from finish();
rollback;
