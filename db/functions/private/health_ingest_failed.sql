-- Health check ingest_failed: bodies kept aside by ingest_inbox. The inbox holds only what waits or
-- failed, so it is small. Critical at one: an acknowledged body is not being ingested.
create or replace function wahook_private.health_ingest_failed()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_count bigint;
    v_at timestamptz;
    v_first bigint;
begin
    select pg_catalog.count(*), pg_catalog.min(w.failed_at), pg_catalog.min(w.id)
    into v_count, v_at, v_first
    from wahook_private.webhook_inbox as w
    where w.failed_at is not null;
    check_name := 'ingest_failed';
    value := v_count;
    threshold := 0;
    status := wahook_private.health_status(value, threshold, 0);
    details := case
        when v_count = 0 then 'no acknowledged webhook body failed to be ingested'
        else pg_catalog.format(
            '%s acknowledged webhook body(ies) failed to be ingested and are kept in the inbox (first id %s, '
            || 'failed at %s): see last_error, then wahook.retry_inbox_failures()',
            v_count, v_first, v_at
        )
    end;
    return next;
end
$$;

comment on function wahook_private.health_ingest_failed() is
'Health check ingest_failed: inbox bodies whose ingestion failed (failed_at set); critical above 0. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_ingest_failed() from public;
