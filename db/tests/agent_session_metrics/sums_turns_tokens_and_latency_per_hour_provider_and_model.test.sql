begin;
select plan(1);

select set_config('wahook.now', '2030-06-01 12:30:00+00', true);
select tests.health_conversation('a');
select tests.health_conversation('b');
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 11:10:00+00', 1000, 0, 'openai', 'gpt-x', 100, 20, 400);
select tests.health_turn(tests.health_conversation('b'), 'completed', '2030-06-01 11:20:00+00', 1000, 0, 'openai', 'gpt-x', 300, 40, 800);
select tests.health_turn(tests.health_conversation('a'), 'failed', '2030-06-01 11:30:00+00', 1000, 0, 'openai', 'gpt-x', null, null, 1200, 'timeout');
select tests.health_turn(tests.health_conversation('a'), 'abandoned', '2030-06-01 11:40:00+00', 1000, 0, null, null);
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 10:10:00+00', 1000, 0, 'echo', 'echo-1', 5, 5, 1);

select results_eq(
    $$select period_start, provider, model, turn_count, completed_count, error_count, abandoned_count, error_rate,
        conversation_count, tokens_in, tokens_out, avg_tokens_in, avg_tokens_out, avg_latency_ms, p50_latency_ms,
        p95_latency_ms, top_error_code
      from wahook.agent_session_metrics where period = 'hour' order by period_start, provider$$,
    $$values
        ('2030-06-01 10:00:00+00'::timestamptz, 'echo'::text, 'echo-1'::text, 1::bigint, 1::bigint, 0::bigint, 0::bigint,
            0.0000::numeric, 1::bigint, 5::bigint, 5::bigint, 5.0::numeric, 5.0::numeric, 1.0::numeric, 1.0::numeric,
            1.0::numeric, null::text),
        ('2030-06-01 11:00:00+00', 'openai', 'gpt-x', 3, 2, 1, 0, 0.3333, 2, 400, 60, 200.0, 30.0, 800.0, 800.0, 1160.0, 'timeout'),
        ('2030-06-01 11:00:00+00', 'unknown', 'unknown', 1, 0, 0, 1, null, 1, 0, 0, null, null, null, null, null, null)$$,
    'per hour, provider and model: turns by outcome, error rate, conversations, tokens, latency and the top error code'
);

select * from finish();
rollback;
