-- What the two pg_cron health checks (cron_job_failures_last_hour, cron_jobs_late) have in common:
-- ok, value null, with details 'pg_cron absent' without the extension; otherwise the check's own
-- query p_query, run with dynamic SQL (only where the extension exists, so the checks compile
-- without it) with the threshold as $1, which returns one row: status, value, details. A login that
-- may not read pg_cron, or a pg_cron whose tables differ, gets a warning, value null, with the
-- details 'cannot read <p_reads>: <error>'.
create or replace function wahook_private.health_cron_check(
    p_check_name text, p_threshold numeric, p_reads text, p_query text
)
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql stable set search_path = ''
as $$
begin
    check_name := p_check_name;
    threshold := p_threshold;
    if not exists (select from pg_catalog.pg_extension as x where x.extname = 'pg_cron') then
        value := null;
        status := 'ok';
        details := 'pg_cron absent';
        return next;
        return;
    end if;

    begin
        execute p_query into status, value, details using p_threshold;
    exception
        when insufficient_privilege or undefined_table or undefined_column then
            value := null;
            status := 'warn';
            details := pg_catalog.format('cannot read %s: %s', p_reads, sqlerrm);
    end;
    return next;
end
$$;

comment on function wahook_private.health_cron_check(text, numeric, text, text) is
'One pg_cron health check row (check_name, status, value, threshold, details): ok with details pg_cron absent without the extension; else the row of p_query (status, value, details; $1 is p_threshold), run with dynamic SQL; warn, value null, with details cannot read <p_reads>: <error> when pg_cron cannot be read (insufficient_privilege, undefined_table, undefined_column).';
