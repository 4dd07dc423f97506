begin;
select plan(2);

select set_config('wahook.now', '2025-03-01 12:00:00+00', true);
select tests.outbox_conversation('15550501') as c1 \gset
select tests.outbox_conversation('15550502') as c2 \gset
select tests.outbox_conversation('15550503') as c3 \gset
select tests.outbox_reply(:c1, 'newest', p_next_attempt_at => '2025-03-01 11:59:50+00');
select tests.outbox_reply(:c2, 'oldest', p_next_attempt_at => '2025-03-01 11:59:30+00');
select tests.outbox_reply(:c3, 'middle', p_next_attempt_at => '2025-03-01 11:59:40+00');

select results_eq(
    $$select body #>> '{text,body}' from wahook.claim_outbound_messages('sender-a', 2)$$,
    $$values ('oldest'), ('middle')$$,
    'p_limit replies, the longest due first'
);
select results_eq(
    $$select body #>> '{text,body}' from wahook.claim_outbound_messages('sender-a', 2)$$,
    $$values ('newest')$$,
    'the rest on the next claim'
);

select * from finish();
rollback;
