begin;
select plan(2);

select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
select tests.health_conversation('a');
-- 20 turns of 100, 200, ... 2000 ms: p95 (continuous) = 1905 ms.
select tests.health_turn(tests.health_conversation('a'), case when i % 5 = 0 then 'failed' else 'completed' end,
    '2030-06-01 11:30:00+00', i * 100)
from generate_series(1, 20) as i;
select tests.health_turn(tests.health_conversation('a'), 'completed', '2030-06-01 10:30:00+00', 60000); -- older
select tests.health_turn(tests.health_conversation('a'), 'abandoned', '2030-06-01 11:30:00+00', 60000);
select tests.health_turn(tests.health_conversation('a'), 'running', '2030-06-01 11:59:00+00', 0);

select results_eq(
    $$select h.value, h.threshold from wahook.check_webhook_system_health() as h where h.check_name = 'p95_processing_ms_last_hour'$$,
    $$values (1905.0::numeric, 2000::numeric)$$,
    'p95 of claim-to-end of the turns that completed or failed in the last hour; abandoned, running and older turns left out'
);
select is(
    (select h.status from wahook.check_webhook_system_health() as h where h.check_name = 'p95_processing_ms_last_hour'),
    'warn', '1905 ms is above half of 2000: warn'
);

select * from finish();
rollback;
