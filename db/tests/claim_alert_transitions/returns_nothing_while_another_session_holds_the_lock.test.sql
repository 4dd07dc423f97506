begin;
select plan(2);

-- The same transaction holds the lock already, so a second claim in it still gets it (advisory
-- locks are reentrant); another session is tested from pytest (sidecar/tests/test_alerts.py).
select set_config('wahook.now', '2030-06-01 12:00:00+00', true);
-- pg_cron really runs the wahook jobs in this database: pin their history to this clock.
select tests.health_cron_runs_of_every_wahook_job('2030-06-01 11:59:00+00');
select wahook.update_settings('{"health_max_stuck_conversations": 0}');
select tests.health_conversation('stuck-1', 'pending', '2030-06-01 11:00:00+00');

select isnt_empty('select * from wahook.claim_alert_transitions()', 'the first claim takes the lock');
select ok(
    exists (
        select from pg_locks
        where locktype = 'advisory' and pid = pg_backend_pid()
            and ((classid::bigint << 32) | objid::bigint) = 8602271591074324844
    ),
    'and holds it until the transaction ends (key "wahookal")'
);

select * from finish();
rollback;
