-- Health check ingest_failed: bodies kept aside by ingest_inbox. The inbox holds only what waits or
-- failed, so it is small. Critical at one: an acknowledged body is not being ingested.
create or replace view wahook_private.health_ingest_failed as
select h.* -- noqa: AM04, the row of wahook_private.health_row
from (
    select
        pg_catalog.count(*) as failed,
        pg_catalog.min(i.failed_at) as first_at,
        pg_catalog.min(i.id) as first_id
    from wahook_private.webhook_inbox as i
    where i.failed_at is not null
) as f
cross join lateral wahook_private.health_row(
    'ingest_failed', f.failed, 0, 0,
    case
        when f.failed = 0 then 'no acknowledged webhook body failed to be ingested'
        else pg_catalog.format(
            '%s acknowledged webhook body(ies) failed to be ingested and are kept in the inbox (first id %s, '
            || 'failed at %s): see last_error, then wahook.retry_inbox_failures()',
            f.failed, f.first_id, f.first_at
        )
    end
) as h;

comment on view wahook_private.health_ingest_failed is
'Health check ingest_failed: inbox bodies whose ingestion failed (failed_at set); critical above 0. One row (check_name, status, value, threshold, details).';
