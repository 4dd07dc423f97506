begin;
select plan(5);

select tests.without_jitter();
select set_config('wahook.now', '2026-06-01 12:00:00+00', true);
select tests.add_message('100000001', '15550001', 'wamid.a', '2026-06-01 11:59:00+00');

-- The first try and settings.retry_max_attempts (3) retries.
do $$
declare
    v_claim record;
    v_at timestamptz;
begin
    for v_i in 1..4 loop
        select * into strict v_claim from wahook.claim_conversation('worker-1');
        select f.next_attempt_at into v_at
        from wahook.fail_turn(v_claim.conversation_id, v_claim.lease_token, 'e' || v_i, 'failure ' || v_i) as f;
        if v_at is not null then
            perform set_config('wahook.now', v_at::text, true);
        end if;
    end loop;
end
$$;

select is(
    tests.message_status(tests.conversation_of('100000001', '15550001'), 'wamid.a'), 'dead',
    'after the first try and 3 retries the message is dead'
);
select is(
    (select row(status, attempt_count, next_attempt_at, dead_at is not null)::text
     from wahook_private.webhook_dlq where wamid = 'wamid.a'),
    row('dead', 4, null::timestamptz, true)::text,
    'its DLQ row is dead'
);
select is(
    (select array_agg(
        concat_ws(':', x.e ->> 'attempt', x.e ->> 'code', x.e ->> 'message', x.e ->> 'retryable') order by x.o
    )
     from wahook_private.webhook_dlq as d
     cross join lateral jsonb_array_elements(d.errors) with ordinality as x (e, o)
     where d.wamid = 'wamid.a'),
    array['1:e1:failure 1:true', '2:e2:failure 2:true', '3:e3:failure 3:true', '4:e4:failure 4:true'],
    'every attempt''s error is kept'
);
select is(
    tests.conversation_state(tests.conversation_of('100000001', '15550001')), 'idle',
    'the conversation moves on'
);
select is(
    (select row(error_count, last_error)::text from wahook_private.agent_sessions),
    row(4::bigint, 'e4: failure 4')::text,
    'the session counts the errors'
);

select * from finish();
rollback;
