begin;
select plan(2);

-- clock_now is called by nearly every function: without wahook.now it must not read settings.
select set_config('wahook.now', '', true);
select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as scans_before
from pg_stat_xact_user_tables where relid = 'wahook_private.settings'::regclass \gset
select count(wahook_private.clock_now()) from generate_series(1, 10);
select is(
    (select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_xact_user_tables
        where relid = 'wahook_private.settings'::regclass),
    :scans_before::bigint,
    'no scan of wahook_private.settings without wahook.now'
);
select set_config('wahook.now', '2999-01-01 00:00:00+00', true);
select count(wahook_private.clock_now()) from generate_series(1, 10);
select ok(
    (select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_xact_user_tables
        where relid = 'wahook_private.settings'::regclass) > :scans_before::bigint,
    'with wahook.now set, the flag is read (so the first check can fail)'
);

select * from finish();
rollback;
