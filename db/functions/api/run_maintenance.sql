-- One maintenance pass, for where pg_cron is absent: the sidecar calls this on a timer from every
-- instance, and the advisory lock lets one of them do the work while the others return at once.
-- The lock key is fixed: 0x7761686f6f6b6d74, "wahookmt" in ASCII. The callees are called by name and
-- their results wrapped in to_jsonb, so an integer or a jsonb result both fit the summary.
create or replace function wahook.run_maintenance()
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
    v_stuck jsonb;
    v_dlq jsonb;
    v_purged jsonb;
begin
    if not pg_catalog.pg_try_advisory_xact_lock(8602271591074327924) then
        return pg_catalog.jsonb_build_object('skipped', 'another run holds the lock');
    end if;

    v_stuck := pg_catalog.to_jsonb(wahook.cleanup_stuck_conversations());
    v_dlq := pg_catalog.to_jsonb(wahook.retry_due_dlq());
    v_purged := wahook.purge_expired();

    return pg_catalog.jsonb_build_object(
        'cleanup_stuck_conversations', v_stuck,
        'retry_due_dlq', v_dlq,
        'purge_expired', v_purged
    );
end
$$;

comment on function wahook.run_maintenance() is
'Runs one maintenance pass: wahook.cleanup_stuck_conversations(), wahook.retry_due_dlq() and wahook.purge_expired(), in one transaction, under a transaction-level advisory lock (key 8602271591074327924) so that concurrent callers do not overlap. Returns a jsonb object with each result under the function''s name, or {"skipped": "another run holds the lock"} at once when another session holds the lock. Raises what the three functions raise.';
