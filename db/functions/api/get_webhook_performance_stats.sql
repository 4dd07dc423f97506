-- Totals of the last p_hours, figures defined as in wahook.webhook_processing_performance:
-- received, completed, dead and duplicates are the events of wahook_private.traffic_events (which
-- says what each counts); failed counts failed agent turns (tries); processing time is claim to end
-- of the turns that completed or failed, queue wait their agent_turns.queue_wait_ms. The window is
-- [now - p_hours, now]; each figure is one range scan of a time index.
create or replace function wahook.get_webhook_performance_stats(p_hours integer default 24)
returns table (
    received bigint,
    completed bigint,
    failed bigint,
    dead bigint,
    duplicates bigint,
    error_rate numeric,
    avg_processing_ms numeric,
    p50_processing_ms numeric,
    p95_processing_ms numeric,
    p99_processing_ms numeric,
    avg_queue_wait_ms numeric,
    p50_queue_wait_ms numeric,
    p95_queue_wait_ms numeric,
    p99_queue_wait_ms numeric,
    turns bigint,
    window_start timestamptz,
    window_end timestamptz
)
language plpgsql stable security definer set search_path = ''
as $$
declare
    v_until timestamptz := wahook_private.clock_now();
    v_since timestamptz;
begin
    if p_hours is null or p_hours not between 1 and 8760 then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('p_hours must be between 1 and 8760 (a year), not %s', coalesce(p_hours::text, 'null')),
            hint = 'For example: select * from wahook.get_webhook_performance_stats(24).';
    end if;
    v_since := v_until - pg_catalog.make_interval(hours => p_hours);

    return query
    with events as (
        select
            coalesce(pg_catalog.sum(e.amount) filter (where e.measure = 'received'), 0)::bigint as received,
            coalesce(pg_catalog.sum(e.amount) filter (where e.measure = 'completed'), 0)::bigint as completed,
            coalesce(pg_catalog.sum(e.amount) filter (where e.measure = 'dead'), 0)::bigint as dead,
            coalesce(pg_catalog.sum(e.amount) filter (where e.measure = 'duplicates'), 0)::bigint as duplicates
        from wahook_private.traffic_events as e
        where e.measure in ('received', 'completed', 'dead', 'duplicates')
            and e.happened_at >= v_since and e.happened_at <= v_until
    ),

    t as (
        select
            pg_catalog.count(*) filter (where a.status = 'completed') as completed_turns,
            pg_catalog.count(*) filter (where a.status = 'failed') as failed_turns,
            pg_catalog.avg(a.finished_at - a.started_at) as avg_processing,
            pg_catalog.percentile_cont(0.5) within group (order by a.finished_at - a.started_at) as p50_processing,
            pg_catalog.percentile_cont(0.95) within group (order by a.finished_at - a.started_at) as p95_processing,
            pg_catalog.percentile_cont(0.99) within group (order by a.finished_at - a.started_at) as p99_processing,
            pg_catalog.avg(a.queue_wait_ms) as avg_queue_wait,
            pg_catalog.percentile_cont(0.5) within group (order by a.queue_wait_ms) as p50_queue_wait,
            pg_catalog.percentile_cont(0.95) within group (order by a.queue_wait_ms) as p95_queue_wait,
            pg_catalog.percentile_cont(0.99) within group (order by a.queue_wait_ms) as p99_queue_wait
        from wahook_private.agent_turns as a
        where a.status in ('completed', 'failed') and a.finished_at >= v_since and a.finished_at <= v_until
    )

    select
        ev.received,
        ev.completed,
        t.failed_turns,
        ev.dead,
        ev.duplicates,
        pg_catalog.round(t.failed_turns::numeric / nullif(t.completed_turns + t.failed_turns, 0), 4),
        pg_catalog.round(extract(epoch from t.avg_processing) * 1000, 1),
        pg_catalog.round(extract(epoch from t.p50_processing) * 1000, 1),
        pg_catalog.round(extract(epoch from t.p95_processing) * 1000, 1),
        pg_catalog.round(extract(epoch from t.p99_processing) * 1000, 1),
        pg_catalog.round(t.avg_queue_wait, 1),
        pg_catalog.round(t.p50_queue_wait::numeric, 1),
        pg_catalog.round(t.p95_queue_wait::numeric, 1),
        pg_catalog.round(t.p99_queue_wait::numeric, 1),
        t.completed_turns + t.failed_turns,
        v_since,
        v_until
    from events as ev
    cross join t;
end
$$;

comment on function wahook.get_webhook_performance_stats(integer) is
'Performance over the last p_hours (default 24; window [now - p_hours, now]), one row: received (inbound messages stored), completed (messages whose turn completed), failed (agent turns that failed: tries, not messages), dead (DLQ entries gone dead), duplicates (repeated deliveries of stored messages), error_rate (failed / turns, null without turns), avg/p50/p95/p99 processing time (claim to end of the turns that completed or failed, ms) and queue wait (arrival of a turn''s oldest message to its claim, ms), then turns (completed + failed), window_start and window_end. Raises WH002 when p_hours is null or outside 1..8760.';
