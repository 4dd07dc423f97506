begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:30:00+00', true);
select tests.health_conversation('a');
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:10:00+00', 1000, 0, 'openai', 'gpt-x', 100, 20, 100);
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-05-29 11:10:00+00', 1000, 0, 'openai', 'gpt-x', 300, 40, 300);
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-05-26 11:10:00+00', 1000, 0, 'openai', 'gpt-x', null, null, 200, 'http_429');
-- Not counted: older than 7 days, and still running.
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-05-20 11:10:00+00', 1000, 0, 'openai', 'gpt-x', 1000, 1000, 9000);
select tests.health_turn(tests.health_conversation('a'), 'running', '2030-06-01 12:29:00+00', 0, 0, 'openai', 'gpt-x');

select results_eq(
    $$select period, period_start, provider, model, turn_count, error_count, tokens_in, tokens_out, p50_latency_ms,
        top_error_code, last_turn_at
      from wahook.agent_session_metrics where period = '7 days'$$,
    $$values ('7 days'::text, '2030-05-25 13:00:00+00'::timestamptz, 'openai'::text, 'gpt-x'::text, 3::bigint, 1::bigint,
        400::bigint, 60::bigint, 200.0::numeric, 'http_429'::text, '2030-06-01 11:10:00+00'::timestamptz)$$,
    'one row per provider and model over the 7 days; running turns and older turns are left out'
);

select * from finish();
rollback;
