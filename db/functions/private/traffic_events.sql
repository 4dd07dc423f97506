-- What the traffic views count, the one definition (wahook.webhook_processing_performance per hour,
-- wahook.webhook_throughput per 5 minutes): one row per event, when it happened and how much it
-- counts for which measure:
-- * received: an inbound message stored (ignored ones too), at received_at;
-- * completed: a message whose turn completed, at completed_at;
-- * failed: an agent turn that failed (a try, not a message), at finished_at;
-- * dead: a DLQ entry that went dead, at dead_at (an entry replayed since still counts then);
-- * duplicates: repeated deliveries of stored messages, webhook_events.duplicate_count at the
--   body's received_at (raw events older than raw_event_retention_days are gone, with them);
-- * replies: a row of the outbox, at created_at: the agent's replies and people's messages
--   (wahook.send_human_reply, and echoes of the WhatsApp Business app, stored as already sent).
-- A UNION ALL of plain branches, so the planner flattens it: a range condition on happened_at
-- becomes a range scan of each branch's time index, and a condition on measure drops the branches
-- a view does not read. A view, so the views of wahook can share it without the reader being
-- granted anything here (see wahook_private.clock).
create or replace view wahook_private.traffic_events as
select
    m.received_at as happened_at,
    'received'::text as measure,
    1::bigint as amount
from wahook_private.processed_webhook_messages as m
union all
select
    m.completed_at as happened_at,
    'completed' as measure,
    1 as amount
from wahook_private.processed_webhook_messages as m
where m.status = 'completed'
union all
select
    t.finished_at as happened_at,
    'failed' as measure,
    1 as amount
from wahook_private.agent_turns as t
where t.status = 'failed'
union all
select
    q.dead_at as happened_at,
    'dead' as measure,
    1 as amount
from wahook_private.webhook_dlq as q
where q.dead_at is not null
union all
select
    e.received_at as happened_at,
    'duplicates' as measure,
    e.duplicate_count as amount
from wahook_private.webhook_events as e
where e.duplicate_count > 0
union all
select
    o.created_at as happened_at,
    'replies' as measure,
    1 as amount
from wahook_private.outbound_messages as o;

comment on view wahook_private.traffic_events is
'One row per traffic event: happened_at, measure (received, completed, failed, dead, duplicates or replies) and amount (1, or the duplicate deliveries of a body). The figures of wahook.webhook_processing_performance and wahook.webhook_throughput.';
comment on column wahook_private.traffic_events.happened_at is 'When it happened: received_at, completed_at, finished_at, dead_at, the body''s received_at or created_at.';
comment on column wahook_private.traffic_events.measure is 'received (a message stored), completed (its turn completed), failed (a turn failed), dead (a DLQ entry went dead), duplicates (repeated deliveries) or replies (an outbox row: an agent reply or a person''s message).';
comment on column wahook_private.traffic_events.amount is 'What it adds to its measure: 1, or for duplicates the body''s duplicate_count.';
