-- Ingests acknowledged bodies from the inbox, oldest first, set-based, and deletes them.
-- One ingester at a time (a transaction-level advisory lock; a second caller returns at once), so
-- bodies are ingested in the order they were committed to the inbox.
-- The batch runs as one unit through wahook_private.ingest_bodies (the rules of process_message, a
-- few statements for the whole batch), in one subtransaction: not one per body, since more than 64
-- subtransactions with transaction ids in one transaction overflow the subxid cache and slow every
-- snapshot of the server. Should the batch fail (no acknowledged body should: each passed the same
-- check), it is split in halves, each tried alone, down to the body at fault, which is kept aside
-- with failed_at and its error while the others are ingested, still in order. A transient error
-- (deadlock, serialization failure, lock timeout, cancel, shutdown, resources) fails the call
-- instead, and the bodies stay queued for the next call.
create or replace function wahook.ingest_inbox(p_limit integer default 500)
returns table (
    body_count integer, item_count integer, accepted_count integer, failed_count integer, outcomes jsonb
)
language plpgsql security definer set jit = off set search_path = ''
as $$
declare
    v_ids bigint [];
    v_payloads jsonb [];
    v_correlation_ids text [];
    v_received_ats timestamptz [];
    v_item_counts integer [];
    -- Ranges [lo, hi] of the batch still to ingest, as a stack: the last entry is the next range.
    v_los integer [];
    v_his integer [];
    v_lo integer;
    v_hi integer;
    v_mid integer;
    v_items integer;
    v_accepted integer;
    v_outcomes text [];
    v_outcome_keys text [] := '{}'::text [];
begin
    perform wahook_private.check_argument_between('p_limit', p_limit, 1, 10000);
    body_count := 0;
    item_count := 0;
    accepted_count := 0;
    failed_count := 0;
    outcomes := '{}'::jsonb;
    if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('wahook.ingest_inbox')) then
        return next;
        return;
    end if;

    select
        pg_catalog.array_agg(b.id order by b.id),
        pg_catalog.array_agg(b.payload order by b.id),
        pg_catalog.array_agg(b.correlation_id order by b.id),
        pg_catalog.array_agg(b.received_at order by b.id),
        pg_catalog.array_agg(b.item_count order by b.id)
    into v_ids, v_payloads, v_correlation_ids, v_received_ats, v_item_counts
    from (
        select w.id, w.payload, w.correlation_id, w.received_at, w.item_count
        from wahook_private.webhook_inbox as w
        where w.failed_at is null
        order by w.id
        limit p_limit
    ) as b;

    if v_ids is null then
        return next;
        return;
    end if;

    v_los := array[1];
    v_his := array[pg_catalog.cardinality(v_ids)];
    while pg_catalog.cardinality(v_los) > 0 loop
        v_lo := v_los[pg_catalog.cardinality(v_los)];
        v_hi := v_his[pg_catalog.cardinality(v_his)];
        v_los := v_los[1:pg_catalog.cardinality(v_los) - 1];
        v_his := v_his[1:pg_catalog.cardinality(v_his) - 1];
        begin
            select
                pg_catalog.count(*),
                pg_catalog.count(*) filter (where r.outcome = 'accepted'),
                pg_catalog.array_agg(r.kind || ':' || r.outcome)
            into v_items, v_accepted, v_outcomes
            from wahook_private.ingest_bodies(
                v_payloads[v_lo:v_hi], v_correlation_ids[v_lo:v_hi], v_received_ats[v_lo:v_hi],
                v_item_counts[v_lo:v_hi]
            ) as r;
            delete from wahook_private.webhook_inbox as w where w.id = any(v_ids[v_lo:v_hi]);
            body_count := body_count + (v_hi - v_lo + 1);
            item_count := item_count + v_items;
            accepted_count := accepted_count + v_accepted;
            v_outcome_keys := v_outcome_keys || v_outcomes;
        exception
            when transaction_rollback or lock_not_available or query_canceled or admin_shutdown
                or crash_shutdown or insufficient_resources or program_limit_exceeded then
                raise;
            -- Anything else is a body's own problem: find it, keep it aside, never block the queue on it.
            when others then
                if v_lo = v_hi then
                    update wahook_private.webhook_inbox as w
                    set failed_at = wahook_private.clock_now(),
                        last_error = sqlstate || ': ' || sqlerrm
                    where w.id = v_ids[v_lo];
                    failed_count := failed_count + 1;
                else
                    -- The first half goes on top of the stack: the batch order is kept.
                    v_mid := (v_lo + v_hi) / 2;
                    v_los := v_los || array[v_mid + 1, v_lo];
                    v_his := v_his || array[v_hi, v_mid];
                end if;
        end;
    end loop;
    select coalesce(pg_catalog.jsonb_object_agg(k.key, k.n), '{}'::jsonb) into outcomes
    from (
        select o.key, pg_catalog.count(*) as n from pg_catalog.unnest(v_outcome_keys) as o (key) group by o.key
    ) as k;
    return next;
end
$$;

comment on function wahook.ingest_inbox(integer) is
'Ingests up to p_limit bodies from the inbox (wahook.receive_webhooks stored them), oldest first, exactly as wahook.process_message would one after another (with the inbox row''s received_at and correlation_id as those of everything ingested from it) but set-based, and deletes them; should a body fail, it is found by halving the batch and kept in the inbox with failed_at and last_error, skipped from then on, while the others are ingested. Only one call ingests at a time: another returns zeros at once. Returns one row (body_count ingested, item_count, accepted_count of messages queued for the agent, failed_count, outcomes: the items ingested by kind and outcome as process_message reports them, {"message:accepted": n, "status:applied": n, ...}). Raises WH002 for a p_limit outside 1..10000; a deadlock, serialization failure, lock timeout, cancel, shutdown or lack of resources fails the whole call and leaves the bodies queued.';
