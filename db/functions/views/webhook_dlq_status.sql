-- The dead letter queue summarised by status and error class. The error class is the code of the
-- latest error of an entry: the last element of webhook_dlq.errors, its "code" (or "error_code")
-- key; 'unknown' when it has none. The DLQ holds one row per message that ever failed, kept as long
-- as the message: it is small next to the messages, and read whole.
create or replace view wahook.webhook_dlq_status as
with entries as (
    select
        q.conversation_id,
        q.status,
        coalesce(q.errors -> -1 ->> 'code', q.errors -> -1 ->> 'error_code', 'unknown') as error_class,
        q.attempt_count,
        q.first_failed_at,
        q.last_failed_at,
        q.next_attempt_at,
        clock.now
    from wahook_private.webhook_dlq as q
    cross join wahook_private.clock as clock
)

select
    e.status,
    e.error_class,
    count(*) as entry_count,
    count(distinct e.conversation_id) as conversation_count,
    count(*) filter (where e.last_failed_at >= e.now - interval '1 hour') as failed_last_hour,
    count(*) filter (where e.last_failed_at >= e.now - interval '24 hours') as failed_last_24h,
    min(e.first_failed_at) as oldest_failed_at,
    max(e.last_failed_at) as newest_failed_at,
    round(extract(epoch from e.now - min(e.first_failed_at)), 1) as oldest_age_seconds,
    min(e.next_attempt_at) as next_attempt_at,
    round(avg(e.attempt_count), 2) as avg_attempt_count,
    max(e.attempt_count) as max_attempt_count
from entries as e
group by e.status, e.error_class, e.now;

comment on view wahook.webhook_dlq_status is
'The dead letter queue by status and error class: retry_scheduled and retrying (pending retries), dead (retries exhausted: replay with wahook.replay_dlq), replayed, resolved (a later try succeeded). error_class is the code of the entry''s latest error (errors -> -1 ->> code), unknown without one. Counts, recency and age of each group.';
comment on column wahook.webhook_dlq_status.status is 'retry_scheduled, retrying, dead, replayed or resolved.';
comment on column wahook.webhook_dlq_status.error_class is 'Code of the latest error of the entries (unknown when the error has none).';
comment on column wahook.webhook_dlq_status.entry_count is 'Entries (one per failed message).';
comment on column wahook.webhook_dlq_status.conversation_count is 'Conversations the entries belong to.';
comment on column wahook.webhook_dlq_status.failed_last_hour is 'Entries whose latest failure is less than an hour old.';
comment on column wahook.webhook_dlq_status.failed_last_24h is 'Entries whose latest failure is less than 24 hours old.';
comment on column wahook.webhook_dlq_status.oldest_failed_at is 'First failure of the oldest entry.';
comment on column wahook.webhook_dlq_status.newest_failed_at is 'Latest failure of any entry.';
comment on column wahook.webhook_dlq_status.oldest_age_seconds is 'Seconds since the first failure of the oldest entry.';
comment on column wahook.webhook_dlq_status.next_attempt_at is 'Earliest scheduled retry (retry_scheduled only).';
comment on column wahook.webhook_dlq_status.avg_attempt_count is 'Average failed tries per entry.';
comment on column wahook.webhook_dlq_status.max_attempt_count is 'Most failed tries of an entry.';
