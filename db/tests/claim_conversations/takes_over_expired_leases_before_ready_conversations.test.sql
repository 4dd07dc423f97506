begin;
select plan(5);

select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.crashed', '2026-06-01 11:59:00+00');
select * from wahook.claim_conversation('worker-1') \gset crashed_
select set_config('wahook.now', '2026-06-01 12:00:30+00', true);
select tests.add_message('100000001', '15550002', 'wamid.ready', '2026-06-01 12:00:30+00');

select set_config('wahook.now', '2026-06-01 12:02:00+00', true);
create temporary table claimed on commit drop as
select * from wahook.claim_conversations('worker-2', 2);

select is(
    array(select customer_id from claimed),
    array['15550001', '15550002'],
    'the crashed worker''s conversation comes first'
);
select ok(
    (select lease_token from claimed where customer_id = '15550001') > :crashed_lease_token,
    'taken over with a new, larger fencing token'
);
select is(
    (select messages -> 0 ->> 'attempt' from claimed where customer_id = '15550001'), '2',
    'the lost turn counts as a failed attempt'
);
select is(
    (select status || '/' || error_code from wahook_private.agent_turns where lease_token = :crashed_lease_token),
    'abandoned/lease_expired',
    'the lost turn is abandoned'
);
select is(
    array(
        select from_state || '->' || to_state from wahook_private.conversation_state_transitions
        where conversation_id = :crashed_conversation_id order by id
    ),
    array['idle->pending', 'pending->processing', 'processing->pending', 'pending->processing'],
    'every state change is audited'
);

select * from finish();
rollback;
