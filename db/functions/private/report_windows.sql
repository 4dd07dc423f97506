-- The windows the reporting views cover, worked out once from the engine's clock, with buckets
-- aligned on UTC by date_bin from 2000-01-01 00:00 UTC (whatever the session time zone):
-- * hours: the last 168 whole hours, the current hour last (webhook_processing_performance,
--   agent_session_metrics);
-- * buckets: the last 288 5-minute buckets, the current bucket last (webhook_throughput);
-- * the rolling windows of the health checks, up to now: the last hour and the last 24 hours.
-- A view, so the views of wahook can share it without the reader being granted anything here
-- (see wahook_private.clock). Each bound is an expression of the clock, so a range condition on a
-- time column is an index condition wherever a view uses it.
create or replace view wahook_private.report_windows as
select
    w.current_hour - interval '167 hours' as hours_since,
    w.current_hour + interval '1 hour' as hours_until,
    w.current_bucket - interval '1435 minutes' as buckets_since,
    w.current_bucket + interval '5 minutes' as buckets_until,
    w.now,
    w.now - interval '1 hour' as last_hour_since,
    w.now - interval '24 hours' as last_day_since
from (
    select
        c.now,
        date_bin('1 hour', c.now, timestamptz '2000-01-01 00:00:00+00') as current_hour,
        date_bin('5 minutes', c.now, timestamptz '2000-01-01 00:00:00+00') as current_bucket
    from wahook_private.clock as c
) as w;

comment on view wahook_private.report_windows is
'One row: the hourly window of the reporting views (hours_since to hours_until: 168 UTC-aligned hours, the current one last), their 5-minute window (buckets_since to buckets_until: 288 UTC-aligned buckets, the current one last) and the rolling windows of the health checks (last_hour_since or last_day_since to now), from wahook_private.clock.';
comment on column wahook_private.report_windows.hours_since is 'Start of the oldest of the 168 hours.';
comment on column wahook_private.report_windows.hours_until is 'End of the current hour (exclusive).';
comment on column wahook_private.report_windows.buckets_since is 'Start of the oldest of the 288 5-minute buckets.';
comment on column wahook_private.report_windows.buckets_until is 'End of the current 5-minute bucket (exclusive).';
comment on column wahook_private.report_windows.now is 'The engine''s clock (wahook_private.clock): the end of the rolling windows (inclusive).';
comment on column wahook_private.report_windows.last_hour_since is 'now - 1 hour: start of the last hour (inclusive).';
comment on column wahook_private.report_windows.last_day_since is 'now - 24 hours: start of the last 24 hours (inclusive).';
