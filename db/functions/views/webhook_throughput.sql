-- Traffic in 5-minute buckets over the last 24 hours (288 rows, the current bucket last, aligned
-- on UTC with date_bin): messages received and completed, failed turns, duplicates and replies
-- queued, with per-minute rates. The figures are defined as in wahook.webhook_processing_performance;
-- each is one range scan of a time index bounded by the 24 hours.
create or replace view wahook.webhook_throughput as
with bounds as not materialized (
    select
        w.buckets_since as since,
        w.buckets_until as until
    from wahook_private.report_windows as w
),

-- One row per bucket of the window with zeros, so that empty buckets show. The counts are grouped
-- per branch and stacked, not joined (see wahook.webhook_processing_performance: joins of grouped
-- branches are misestimated and switch JIT on).
figures as (
    select
        g.bucket_start,
        0::bigint as received,
        0::bigint as completed,
        0::bigint as failed,
        0::bigint as duplicates,
        0::bigint as replies
    from bounds
    cross join generate_series(bounds.since, bounds.until - interval '5 minutes', interval '5 minutes') as g (bucket_start)
    union all
    select
        date_bin('5 minutes', m.received_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start,
        count(*) as received,
        0 as completed,
        0 as failed,
        0 as duplicates,
        0 as replies
    from wahook_private.processed_webhook_messages as m
    cross join bounds
    where m.received_at >= bounds.since and m.received_at < bounds.until
    group by bucket_start
    union all
    select
        date_bin('5 minutes', m.completed_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start,
        0 as received,
        count(*) as completed,
        0 as failed,
        0 as duplicates,
        0 as replies
    from wahook_private.processed_webhook_messages as m
    cross join bounds
    where m.status = 'completed' and m.completed_at >= bounds.since and m.completed_at < bounds.until
    group by bucket_start
    union all
    select
        date_bin('5 minutes', t.finished_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start,
        0 as received,
        0 as completed,
        count(*) as failed,
        0 as duplicates,
        0 as replies
    from wahook_private.agent_turns as t
    cross join bounds
    where t.status = 'failed' and t.finished_at >= bounds.since and t.finished_at < bounds.until
    group by bucket_start
    union all
    select
        date_bin('5 minutes', e.received_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start,
        0 as received,
        0 as completed,
        0 as failed,
        sum(e.duplicate_count) as duplicates,
        0 as replies
    from wahook_private.webhook_events as e
    cross join bounds
    where e.duplicate_count > 0 and e.received_at >= bounds.since and e.received_at < bounds.until
    group by bucket_start
    union all
    select
        date_bin('5 minutes', o.created_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start,
        0 as received,
        0 as completed,
        0 as failed,
        0 as duplicates,
        count(*) as replies
    from wahook_private.outbound_messages as o
    cross join bounds
    where o.created_at >= bounds.since and o.created_at < bounds.until
    group by bucket_start
)

select
    f.bucket_start,
    sum(f.received)::bigint as received,
    sum(f.completed)::bigint as completed,
    sum(f.failed)::bigint as failed,
    sum(f.duplicates)::bigint as duplicates,
    sum(f.replies)::bigint as replies,
    round(sum(f.received) / 5.0, 2) as received_per_minute,
    round(sum(f.completed) / 5.0, 2) as completed_per_minute
from figures as f
group by f.bucket_start;

revoke all on wahook.webhook_throughput from public;
grant select on wahook.webhook_throughput to wahook_service, wahook_reader;

comment on view wahook.webhook_throughput is
'Traffic in 5-minute buckets over the last 24 hours (288 rows, UTC-aligned, the current bucket last and still filling): inbound messages received and completed, failed agent turns, duplicate deliveries and replies queued, with received and completed per minute. Empty buckets show zeros.';
comment on column wahook.webhook_throughput.bucket_start is 'Start of the 5-minute bucket.';
comment on column wahook.webhook_throughput.received is 'Inbound messages stored in the bucket (duplicates not).';
comment on column wahook.webhook_throughput.completed is 'Messages whose turn completed in the bucket.';
comment on column wahook.webhook_throughput.failed is 'Agent turns that failed in the bucket.';
comment on column wahook.webhook_throughput.duplicates is 'Repeated deliveries of already stored messages received in the bucket.';
comment on column wahook.webhook_throughput.replies is 'Replies queued in the outbox in the bucket.';
comment on column wahook.webhook_throughput.received_per_minute is 'received / 5.';
comment on column wahook.webhook_throughput.completed_per_minute is 'completed / 5.';
