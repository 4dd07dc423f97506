-- One row per conversation: its state, queue, dead messages, lease and whether it is stuck.
-- "Stuck" is wahook_private.stuck_conversations (its one definition, which the health check
-- stuck_conversations counts too): ready and not claimed for settings.health_stuck_after_seconds,
-- or processing with a lease expired that long ago. Paused conversations are a human's: never stuck.
-- Cost: one pass over the conversations plus the pending/processing messages (a partial index),
-- the dead ones (a partial index) and the stuck ones (two partial indexes); a filter on
-- conversation_id reaches all four.
create or replace view wahook.webhook_conversation_health as
with queued as (
    select
        m.conversation_id,
        count(*) filter (where m.status = 'pending') as pending_count,
        count(*) filter (where m.status = 'processing') as processing_count,
        min(m.received_at) filter (where m.status = 'pending') as oldest_pending_at
    from wahook_private.processed_webhook_messages as m
    where m.status in ('pending', 'processing')
    group by m.conversation_id
),

dead as (
    select
        m.conversation_id,
        count(*) as dead_count
    from wahook_private.processed_webhook_messages as m
    where m.status = 'dead'
    group by m.conversation_id
)

select
    c.conversation_id,
    c.phone_number_id,
    c.customer_id,
    c.state,
    coalesce(q.pending_count, 0) as pending_count,
    coalesce(q.processing_count, 0) as processing_count,
    coalesce(d.dead_count, 0) as dead_count,
    q.oldest_pending_at,
    round(extract(epoch from clock.now - q.oldest_pending_at), 1) as oldest_pending_age_seconds,
    c.available_at,
    c.lease_owner,
    c.lease_expires_at,
    (c.state = 'processing' and c.lease_expires_at < clock.now) as lease_expired,
    k.conversation_id is not null as is_stuck,
    c.last_error,
    c.turn_count,
    c.last_inbound_at,
    c.state_changed_at,
    c.updated_at,
    k.stuck_since,
    k.stuck_seconds
from wahook_private.webhook_conversations as c
cross join wahook_private.clock as clock
left join queued as q on c.conversation_id = q.conversation_id
left join dead as d on c.conversation_id = d.conversation_id
left join wahook_private.stuck_conversations as k on c.conversation_id = k.conversation_id;

comment on view wahook.webhook_conversation_health is
'One row per conversation: state, pending, processing and dead message counts, the age of the oldest pending message, the lease (owner, expiry, expired) and whether the conversation is stuck (ready but unclaimed, or its lease expired, for longer than settings.health_stuck_after_seconds), with the last error. For example: select * from webhook_conversation_health where is_stuck or dead_count > 0.';
comment on column wahook.webhook_conversation_health.conversation_id is 'The conversation key.';
comment on column wahook.webhook_conversation_health.phone_number_id is 'The business phone number id.';
comment on column wahook.webhook_conversation_health.customer_id is 'The customer wa_id, or the business-scoped user id.';
comment on column wahook.webhook_conversation_health.state is 'idle, pending, processing, retry_wait or paused.';
comment on column wahook.webhook_conversation_health.pending_count is 'Messages waiting for the agent.';
comment on column wahook.webhook_conversation_health.processing_count is 'Messages in the turn in flight.';
comment on column wahook.webhook_conversation_health.dead_count is 'Dead messages (retries exhausted), until replayed with wahook.replay_dlq.';
comment on column wahook.webhook_conversation_health.oldest_pending_at is 'When the oldest pending message arrived.';
comment on column wahook.webhook_conversation_health.oldest_pending_age_seconds is 'Seconds since the oldest pending message arrived.';
comment on column wahook.webhook_conversation_health.available_at is 'Earliest time the conversation may be claimed (rate limit, retry backoff).';
comment on column wahook.webhook_conversation_health.lease_owner is 'The worker holding the lease (processing only).';
comment on column wahook.webhook_conversation_health.lease_expires_at is 'When the lease lapses unless a heartbeat extends it.';
comment on column wahook.webhook_conversation_health.lease_expired is 'Processing with a lease past its expiry: the worker is gone or stalled.';
comment on column wahook.webhook_conversation_health.is_stuck is 'Ready but unclaimed, or its lease expired, for longer than settings.health_stuck_after_seconds.';
comment on column wahook.webhook_conversation_health.last_error is 'Error of the latest failed turn.';
comment on column wahook.webhook_conversation_health.turn_count is 'Agent turns started so far.';
comment on column wahook.webhook_conversation_health.last_inbound_at is 'WhatsApp timestamp of the newest inbound message.';
comment on column wahook.webhook_conversation_health.state_changed_at is 'When the state last changed.';
comment on column wahook.webhook_conversation_health.updated_at is 'When the conversation row last changed.';
comment on column wahook.webhook_conversation_health.stuck_since is 'When a stuck conversation became ready (available_at) or its lease expired (lease_expires_at); null unless is_stuck.';
comment on column wahook.webhook_conversation_health.stuck_seconds is 'Seconds since stuck_since; null unless is_stuck.';
