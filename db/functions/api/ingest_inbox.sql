-- Ingests acknowledged bodies from the inbox, oldest first, and deletes them.
-- One ingester at a time (a transaction-level advisory lock; a second caller returns at once), so
-- bodies are ingested in the order they were committed to the inbox and concurrent ingest
-- transactions never contend for the same conversations.
-- A body that cannot be ingested (no acknowledged body should fail: each passed the same check)
-- is kept with failed_at and its error, and the queue moves on; a transient error (deadlock,
-- connection, shutdown) fails the call instead, and the bodies stay queued.
create or replace function wahook.ingest_inbox(p_limit integer default 500)
returns table (body_count integer, item_count integer, accepted_count integer, failed_count integer)
language plpgsql
security definer
set jit = off
set search_path = ''
as $$
declare
    v_body record;
    v_items integer;
    v_accepted integer;
begin
    if p_limit is null or p_limit not between 1 and 10000 then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('p_limit must be between 1 and 10000, not %s', p_limit);
    end if;
    body_count := 0;
    item_count := 0;
    accepted_count := 0;
    failed_count := 0;
    if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('wahook.ingest_inbox')) then
        return next;
        return;
    end if;

    for v_body in
        select b.id, b.payload, b.correlation_id
        from wahook_private.webhook_inbox as b
        where b.failed_at is null
        order by b.id
        limit p_limit
    loop
        begin
            select pg_catalog.count(*), pg_catalog.count(*) filter (where r.outcome = 'accepted')
            into v_items, v_accepted
            from wahook.process_message(v_body.payload, v_body.correlation_id) as r;
            delete from wahook_private.webhook_inbox as b where b.id = v_body.id;
            body_count := body_count + 1;
            item_count := item_count + v_items;
            accepted_count := accepted_count + v_accepted;
        exception
            when deadlock_detected or serialization_failure or lock_not_available or query_canceled
                or admin_shutdown or insufficient_resources then
                raise;
            -- Anything else is this body's own problem: keep it aside, never block the queue on it.
            when others then
                update wahook_private.webhook_inbox as b
                set failed_at = wahook_private.clock_now(),
                    last_error = sqlstate || ': ' || sqlerrm
                where b.id = v_body.id;
                failed_count := failed_count + 1;
        end;
    end loop;
    return next;
end
$$;

revoke all on function wahook.ingest_inbox(integer) from public;
grant execute on function wahook.ingest_inbox(integer) to wahook_service;

comment on function wahook.ingest_inbox(integer) is
'Ingests up to p_limit bodies from the inbox (wahook.receive_webhooks stored them), oldest first, each as wahook.process_message would, and deletes them; a body whose ingestion fails is kept in the inbox with failed_at and last_error and skipped from then on. Only one call ingests at a time: another returns zeros at once. Returns one row (body_count ingested, item_count, accepted_count of messages queued for the agent, failed_count). Raises WH002 for a p_limit outside 1..10000; a deadlock, serialization failure or shutdown fails the whole call and leaves the bodies queued.';
