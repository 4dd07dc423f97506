-- Health check dlq_pending: DLQ entries waiting for a retry (webhook_dlq_status_idx). Some are
-- normal: warn above half of settings.health_max_dlq_pending, critical above it.
create or replace function wahook_private.health_dlq_pending()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_count bigint;
    v_at timestamptz;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select
        pg_catalog.count(*) filter (where q.status in ('retry_scheduled', 'retrying')),
        pg_catalog.min(q.next_attempt_at) filter (where q.status = 'retry_scheduled')
    into v_count, v_at
    from wahook_private.webhook_dlq as q
    where q.status in ('retry_scheduled', 'retrying');
    check_name := 'dlq_pending';
    value := v_count;
    threshold := v_settings.health_max_dlq_pending;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_count = 0 then 'no DLQ entry waits for a retry'
        else pg_catalog.format(
            '%s DLQ entries wait for a retry (retry_scheduled or retrying); next retry due at %s',
            v_count, coalesce(v_at::text, 'none scheduled')
        )
    end;
    return next;
end
$$;

comment on function wahook_private.health_dlq_pending() is
'Health check dlq_pending: DLQ entries retry_scheduled or retrying; warn above half of settings.health_max_dlq_pending, critical above it. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_dlq_pending() from public;
