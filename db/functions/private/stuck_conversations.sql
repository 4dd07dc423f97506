-- What "stuck" means, the one definition (the health check stuck_conversations, the view
-- wahook.webhook_conversation_health and the dashboard read it): ready (pending, or retry_wait with
-- its retry due) and not claimed for settings.health_stuck_after_seconds, or processing with a
-- lease expired that long ago. Paused and idle conversations are never stuck. A conversation the
-- claim holds back for its media (wahook_private.unsettled_media) counts too: if its media is still
-- not fetched after that long, the fetch step is what is not moving, and that is worth a look.
-- A view, so the views of wahook can share it without the reader being granted anything here
-- (see wahook_private.clock). Reads webhook_conversations_ready_idx and
-- webhook_conversations_lease_expiry_idx.
create or replace view wahook_private.stuck_conversations as
select
    k.conversation_id,
    k.state,
    k.stuck_since,
    round(extract(epoch from k.now - k.stuck_since), 1) as stuck_seconds
from (
    select
        c.conversation_id,
        c.state,
        case when c.state = 'processing' then c.lease_expires_at else c.available_at end as stuck_since,
        clock.now
    from wahook_private.webhook_conversations as c
    cross join wahook_private.clock as clock
    cross join wahook_private.settings as s
    where (
        c.state in ('pending', 'retry_wait')
        and c.available_at < clock.now - make_interval(secs => s.health_stuck_after_seconds)
    )
    or (
        c.state = 'processing'
        and c.lease_expires_at < clock.now - make_interval(secs => s.health_stuck_after_seconds)
    )
) as k;

comment on view wahook_private.stuck_conversations is
'The stuck conversations: ready (pending or retry_wait) with available_at, or processing with lease_expires_at, more than settings.health_stuck_after_seconds ago. One row each: conversation_id, state, stuck_since (that available_at or lease_expires_at) and stuck_seconds (since then, by wahook_private.clock).';
comment on column wahook_private.stuck_conversations.conversation_id is 'The conversation key.';
comment on column wahook_private.stuck_conversations.state is 'pending, retry_wait or processing.';
comment on column wahook_private.stuck_conversations.stuck_since is 'When it became ready (available_at), or its lease expired (lease_expires_at).';
comment on column wahook_private.stuck_conversations.stuck_seconds is 'Seconds since stuck_since.';
