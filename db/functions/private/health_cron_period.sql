-- How often a pg_cron schedule runs, at most: an upper bound of the time between two runs, read
-- from the schedule text, so a late job can be told from one that is not due yet. Exact for the
-- shapes wahook schedules ('* * * * *', '*/5 * * * *', 'M H * * *') and for 'N seconds'; others
-- get a generous bound (an hour when only the minute is set, a day when only minute and hour are,
-- a week when the day of the week is set too, 31 days otherwise), so they are never called late
-- too early.
create or replace function wahook_private.health_cron_period(p_schedule text)
returns interval
language sql immutable set search_path = ''
as $$
    select case
        when s.schedule ~ '^[0-9]+ seconds?$'
            then pg_catalog.make_interval(secs => pg_catalog.substring(s.schedule, '^([0-9]+)')::integer)
        when s.schedule = '* * * * *' then interval '1 minute'
        when s.schedule ~ '^\*/[0-9]+ \* \* \* \*$'
            then pg_catalog.make_interval(mins => pg_catalog.substring(s.schedule, '^\*/([0-9]+)')::integer)
        when s.schedule ~ '^[0-9,/-]+ \* \* \* \*$' or s.schedule = '@hourly' then interval '1 hour'
        when s.schedule ~ '^[0-9,/*-]+ [0-9,/*-]+ \* \* \*$' or s.schedule in ('@daily', '@midnight')
            then interval '1 day'
        when s.schedule ~ '^[0-9,/*-]+ [0-9,/*-]+ \* \* [0-9,/*a-z-]+$' or s.schedule = '@weekly'
            then interval '7 days'
        else interval '31 days'
    end
    from (
        select pg_catalog.lower(
            pg_catalog.btrim(pg_catalog.regexp_replace(p_schedule, '\s+', ' ', 'g'))
        ) as schedule
    ) as s
$$;

comment on function wahook_private.health_cron_period(text) is
'Upper bound of the time between two runs of a pg_cron schedule: N seconds; 1 minute for * * * * *; N minutes for */N * * * *; 1 hour when only the minute is set (or @hourly); 1 day when only minute and hour are (or @daily); 7 days when the day of the week is set too (or @weekly); 31 days otherwise.';
