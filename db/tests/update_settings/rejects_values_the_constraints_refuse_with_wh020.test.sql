begin;
select plan(5);

select throws_ok(
    $$select wahook.update_settings('{"dedupe_retention_days": 3}')$$,
    'WH020', null, 'dedupe_retention_days below 7 violates a CHECK'
);
select throws_like(
    $$select wahook.update_settings('{"lease_seconds": 60, "dedupe_retention_days": 3}')$$,
    '%dedupe_retention_days%', 'the message names the key the constraint covers'
);
select throws_ok(
    $$select wahook.update_settings('{"retry_base_seconds": 7200}')$$,
    'WH020', null, 'a CHECK across two settings (max delay at least base) is enforced'
);
select throws_ok(
    $$select wahook.update_settings('{"lease_seconds": null}')$$,
    'WH020', null, 'a null value is rejected'
);
select lives_ok(
    $$select wahook.update_settings('{"retry_base_seconds": 7200, "retry_max_delay_seconds": 7200}')$$,
    'settings checked together may change together'
);

select * from finish();
rollback;
