-- Health check stuck_conversations (wahook.check_webhook_system_health runs each check): the rows of
-- wahook_private.stuck_conversations, the one definition of stuck. Warn at one, critical above
-- settings.health_max_stuck_conversations; the details name the five stuck longest.
create or replace view wahook_private.health_stuck_conversations as
select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join lateral (
    select
        pg_catalog.count(*) as stuck,
        pg_catalog.string_agg(
            pg_catalog.format('%s (%s)', k.conversation_id, k.state), ', ' order by k.stuck_since
        ) filter (where k.rank <= 5) as longest
    from (
        select
            c.conversation_id,
            c.state,
            c.stuck_since,
            pg_catalog.row_number() over (order by c.stuck_since) as rank
        from wahook_private.stuck_conversations as c
    ) as k
) as k
cross join lateral wahook_private.health_row(
    'stuck_conversations', k.stuck, s.health_max_stuck_conversations, 0,
    case
        when k.stuck = 0 then pg_catalog.format(
            'no conversation ready but unclaimed, or with its lease expired, for over %s s',
            s.health_stuck_after_seconds
        )
        else pg_catalog.format(
            '%s conversation(s) ready but unclaimed, or with the lease expired, for over %s s; longest first: %s',
            k.stuck, s.health_stuck_after_seconds, k.longest
        )
    end
) as h
where s.id;

comment on view wahook_private.health_stuck_conversations is
'Health check stuck_conversations: the rows of wahook_private.stuck_conversations; warn above 0, critical above settings.health_max_stuck_conversations. One row (check_name, status, value, threshold, details).';
