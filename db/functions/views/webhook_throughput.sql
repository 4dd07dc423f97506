-- Traffic in 5-minute buckets over the last 24 hours (288 rows, the current bucket last, aligned
-- on UTC with date_bin): messages received and completed, failed turns, duplicates and replies
-- queued, with per-minute rates: the events of wahook_private.traffic_events (which says what
-- each counts), each one range scan of a time index bounded by the 24 hours.
create or replace view wahook.webhook_throughput as
-- One row per bucket of the window with no measure, so that empty ones show, and the events of the
-- window in their buckets (the condition on measure leaves out the other branches of traffic_events).
with figures as (
    select
        g.bucket_start,
        null::text as measure,
        0::bigint as amount
    from wahook_private.report_windows as w
    cross join generate_series(w.buckets_since, w.buckets_until - interval '5 minutes', interval '5 minutes') as g (bucket_start)
    union all
    select
        date_bin('5 minutes', e.happened_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start,
        e.measure,
        e.amount
    from wahook_private.report_windows as w
    cross join wahook_private.traffic_events as e
    where e.measure in ('received', 'completed', 'failed', 'duplicates', 'replies')
        and e.happened_at >= w.buckets_since and e.happened_at < w.buckets_until
),

counts as (
    select
        f.bucket_start,
        coalesce(sum(f.amount) filter (where f.measure = 'received'), 0)::bigint as received,
        coalesce(sum(f.amount) filter (where f.measure = 'completed'), 0)::bigint as completed,
        coalesce(sum(f.amount) filter (where f.measure = 'failed'), 0)::bigint as failed,
        coalesce(sum(f.amount) filter (where f.measure = 'duplicates'), 0)::bigint as duplicates,
        coalesce(sum(f.amount) filter (where f.measure = 'replies'), 0)::bigint as replies
    from figures as f
    group by f.bucket_start
)

select
    c.bucket_start,
    c.received,
    c.completed,
    c.failed,
    c.duplicates,
    c.replies,
    round(c.received / 5.0, 2) as received_per_minute,
    round(c.completed / 5.0, 2) as completed_per_minute
from counts as c;

comment on view wahook.webhook_throughput is
'Traffic in 5-minute buckets over the last 24 hours (288 rows, UTC-aligned, the current bucket last and still filling): inbound messages received and completed, failed agent turns, duplicate deliveries and messages the outbox got (agent replies and people''s), with received and completed per minute. Empty buckets show zeros.';
comment on column wahook.webhook_throughput.bucket_start is 'Start of the 5-minute bucket.';
comment on column wahook.webhook_throughput.received is 'Inbound messages stored in the bucket (duplicates not).';
comment on column wahook.webhook_throughput.completed is 'Messages whose turn completed in the bucket.';
comment on column wahook.webhook_throughput.failed is 'Agent turns that failed in the bucket.';
comment on column wahook.webhook_throughput.duplicates is 'Repeated deliveries of already stored messages received in the bucket.';
comment on column wahook.webhook_throughput.replies is 'Messages the outbox got in the bucket: agent replies and people''s messages (human replies, echoes of the WhatsApp Business app).';
comment on column wahook.webhook_throughput.received_per_minute is 'received / 5.';
comment on column wahook.webhook_throughput.completed_per_minute is 'completed / 5.';
