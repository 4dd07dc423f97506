-- The turns-per-minute limit as a time: with fewer than the limit of turns started in the last
-- minute, now; otherwise one minute after the oldest of the latest `limit` starts.
create or replace function wahook_private.next_turn_at(p_recent_turn_started_at timestamptz [])
returns timestamptz
language sql stable set search_path = ''
as $$
    select case
        when coalesce(pg_catalog.cardinality(p_recent_turn_started_at), 0) < s.agent_turns_per_minute
            then wahook_private.clock_now()
        else greatest(
            wahook_private.clock_now(),
            p_recent_turn_started_at[
                pg_catalog.cardinality(p_recent_turn_started_at) - s.agent_turns_per_minute + 1
            ] + interval '1 minute'
        )
    end
    from wahook_private.settings as s
$$;

comment on function wahook_private.next_turn_at(timestamptz []) is
'Earliest start of the next agent turn of a conversation under settings.agent_turns_per_minute, given its recent turn start times (oldest first).';
