-- Health check dead_messages_last_24h: DLQ entries that went dead in the last 24 hours. Warn at
-- one, critical above settings.health_max_dead_messages_per_day.
create or replace view wahook_private.health_dead_messages_last_24h as
select h.* -- noqa: AM04, the row of wahook_private.health_row
from wahook_private.settings as s
cross join wahook_private.report_windows as w
cross join lateral (
    select pg_catalog.count(*) as dead
    from wahook_private.webhook_dlq as q
    where q.status = 'dead' and q.dead_at >= w.last_day_since and q.dead_at <= w.now
) as d
cross join lateral wahook_private.health_row(
    'dead_messages_last_24h', d.dead, s.health_max_dead_messages_per_day, 0,
    case
        when d.dead = 0 then 'no message went dead in the last 24 hours'
        else pg_catalog.format(
            '%s message(s) went dead in the last 24 hours and stay dead until replayed with wahook.replay_dlq',
            d.dead
        )
    end
) as h
where s.id;

comment on view wahook_private.health_dead_messages_last_24h is
'Health check dead_messages_last_24h: DLQ entries dead with dead_at in the last 24 hours; warn above 0, critical above settings.health_max_dead_messages_per_day. One row (check_name, status, value, threshold, details).';
