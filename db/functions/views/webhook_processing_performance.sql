-- Per hour over the last 7 days (168 rows, the current hour last; hours are UTC-aligned with
-- date_bin, whatever the session time zone): what arrived, what was done, and how long it took.
-- received, completed, dead and duplicates are the events of wahook_private.traffic_events (which
-- says what each counts); failed, processing time and queue wait are read from the turns that
-- completed or failed, by finished_at: processing time is finished_at - started_at (claim to end,
-- agent call included), queue wait agent_turns.queue_wait_ms (arrival of the turn's oldest
-- message to the claim). Abandoned turns (lease lost, paused) are left out.
-- Each figure is one range scan of a time index (see the indexes of db/schema/0004-0008), bounded by
-- the window, so the cost follows the traffic of the last 7 days, not the size of the history.
-- The events are stacked with union all and grouped once rather than grouped per figure and joined
-- hour by hour: the planner cannot tell that a grouped figure has one row per hour, so a chain of
-- joins is estimated at millions of rows, which costs nothing to run but switches JIT on (about
-- 0.7 s of compilation on every read).
create or replace view wahook.webhook_processing_performance as
-- One row per hour of the window with no measure, so that empty ones show, and the events of the
-- window in their hours (the condition on measure leaves out the other branches of traffic_events).
with figures as (
    select
        g.bucket_start,
        null::text as measure,
        0::bigint as amount
    from wahook_private.report_windows as w
    cross join generate_series(w.hours_since, w.hours_until - interval '1 hour', interval '1 hour') as g (bucket_start)
    union all
    select
        date_bin('1 hour', e.happened_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start,
        e.measure,
        e.amount
    from wahook_private.report_windows as w
    cross join wahook_private.traffic_events as e
    where e.measure in ('received', 'completed', 'dead', 'duplicates')
        and e.happened_at >= w.hours_since and e.happened_at < w.hours_until
),

counts as (
    select
        f.bucket_start as hour_start,
        coalesce(sum(f.amount) filter (where f.measure = 'received'), 0)::bigint as received,
        coalesce(sum(f.amount) filter (where f.measure = 'completed'), 0)::bigint as completed,
        coalesce(sum(f.amount) filter (where f.measure = 'dead'), 0)::bigint as dead,
        coalesce(sum(f.amount) filter (where f.measure = 'duplicates'), 0)::bigint as duplicates
    from figures as f
    group by f.bucket_start
),

turns as (
    select
        date_bin('1 hour', t.finished_at, timestamptz '2000-01-01 00:00:00+00') as hour_start,
        count(*) filter (where t.status = 'completed') as completed_turns,
        count(*) filter (where t.status = 'failed') as failed_turns,
        avg(t.finished_at - t.started_at) as avg_processing,
        percentile_cont(0.5) within group (order by t.finished_at - t.started_at) as p50_processing,
        percentile_cont(0.95) within group (order by t.finished_at - t.started_at) as p95_processing,
        percentile_cont(0.99) within group (order by t.finished_at - t.started_at) as p99_processing,
        avg(t.queue_wait_ms) as avg_queue_wait_ms,
        percentile_cont(0.5) within group (order by t.queue_wait_ms) as p50_queue_wait_ms,
        percentile_cont(0.95) within group (order by t.queue_wait_ms) as p95_queue_wait_ms,
        percentile_cont(0.99) within group (order by t.queue_wait_ms) as p99_queue_wait_ms
    from wahook_private.agent_turns as t
    cross join wahook_private.report_windows as w
    where t.status in ('completed', 'failed') and t.finished_at >= w.hours_since and t.finished_at < w.hours_until
    group by hour_start
)

select
    c.hour_start,
    c.received,
    c.completed,
    coalesce(t.failed_turns, 0) as failed,
    c.dead,
    c.duplicates,
    coalesce(t.completed_turns + t.failed_turns, 0) as turns,
    round(t.failed_turns::numeric / nullif(t.completed_turns + t.failed_turns, 0), 4) as error_rate,
    round(extract(epoch from t.avg_processing) * 1000, 1) as avg_processing_ms,
    round(extract(epoch from t.p50_processing) * 1000, 1) as p50_processing_ms,
    round(extract(epoch from t.p95_processing) * 1000, 1) as p95_processing_ms,
    round(extract(epoch from t.p99_processing) * 1000, 1) as p99_processing_ms,
    round(t.avg_queue_wait_ms, 1) as avg_queue_wait_ms,
    round(t.p50_queue_wait_ms::numeric, 1) as p50_queue_wait_ms,
    round(t.p95_queue_wait_ms::numeric, 1) as p95_queue_wait_ms,
    round(t.p99_queue_wait_ms::numeric, 1) as p99_queue_wait_ms
from counts as c
left join turns as t on c.hour_start = t.hour_start;

comment on view wahook.webhook_processing_performance is
'Per hour over the last 7 days (168 rows, UTC-aligned hours, the current hour last): messages received, completed and dead, failed agent turns, duplicate deliveries, the error rate of turns, and avg/p50/p95/p99 of processing time (turn claim to end, ms) and of queue wait (arrival of the oldest message to the claim, ms). Empty hours show zeros and null times. For a total over any window use wahook.get_webhook_performance_stats(hours).';
comment on column wahook.webhook_processing_performance.hour_start is 'Start of the hour (UTC-aligned).';
comment on column wahook.webhook_processing_performance.received is 'Inbound messages stored in the hour (ignored types included, duplicates not).';
comment on column wahook.webhook_processing_performance.completed is 'Messages whose turn completed in the hour.';
comment on column wahook.webhook_processing_performance.failed is 'Agent turns that failed in the hour (tries; a message may fail several times).';
comment on column wahook.webhook_processing_performance.dead is 'DLQ entries that went dead in the hour (retries exhausted or not retryable).';
comment on column wahook.webhook_processing_performance.duplicates is 'Repeated deliveries of already stored messages received in the hour.';
comment on column wahook.webhook_processing_performance.turns is 'Agent turns that completed or failed in the hour.';
comment on column wahook.webhook_processing_performance.error_rate is 'failed / turns (null without turns).';
comment on column wahook.webhook_processing_performance.avg_processing_ms is 'Average turn time (claim to end) of the turns of the hour, ms.';
comment on column wahook.webhook_processing_performance.p50_processing_ms is 'Median turn time, ms.';
comment on column wahook.webhook_processing_performance.p95_processing_ms is '95th percentile of turn time, ms.';
comment on column wahook.webhook_processing_performance.p99_processing_ms is '99th percentile of turn time, ms.';
comment on column wahook.webhook_processing_performance.avg_queue_wait_ms is 'Average queue wait (arrival of the turn''s oldest message to the claim), ms.';
comment on column wahook.webhook_processing_performance.p50_queue_wait_ms is 'Median queue wait, ms.';
comment on column wahook.webhook_processing_performance.p95_queue_wait_ms is '95th percentile of queue wait, ms.';
comment on column wahook.webhook_processing_performance.p99_queue_wait_ms is '99th percentile of queue wait, ms.';
