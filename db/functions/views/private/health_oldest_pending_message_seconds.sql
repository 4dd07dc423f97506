-- Health check oldest_pending_message_seconds: the age of the oldest pending message of the
-- conversations a human does not hold (processed_webhook_messages_pending_received_at_idx). Some
-- wait is normal: warn above half of settings.health_max_oldest_pending_seconds, critical above it.
create or replace view wahook_private.health_oldest_pending_message_seconds as
with pending as (
    select pg_catalog.min(m.received_at) as oldest
    from wahook_private.processed_webhook_messages as m
    inner join wahook_private.webhook_conversations as c on m.conversation_id = c.conversation_id
    where m.status = 'pending' and c.state <> 'paused'
)

select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join wahook_private.report_windows as w
cross join pending as p
cross join lateral wahook_private.health_row(
    'oldest_pending_message_seconds',
    pg_catalog.round(extract(epoch from w.now - p.oldest), 1),
    s.health_max_oldest_pending_seconds,
    s.health_max_oldest_pending_seconds / 2.0,
    case
        when p.oldest is null then 'no message is pending'
        else pg_catalog.format('the oldest pending message arrived at %s', p.oldest)
    end
) as h
where s.id;

comment on view wahook_private.health_oldest_pending_message_seconds is
'Health check oldest_pending_message_seconds: seconds since the oldest pending message (of a conversation not paused) arrived, null when none; warn above half of settings.health_max_oldest_pending_seconds, critical above it. One row (check_name, status, value, threshold, details).';
