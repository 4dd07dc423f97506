-- The row every health check returns (the row of wahook.check_webhook_system_health), its status
-- from wahook_private.health_status: critical above p_threshold (or above p_critical_above where a
-- check sets it), warn above p_warn_above. Each check states only its own value, threshold, warning
-- level and details.
create or replace function wahook_private.health_row(
    p_check_name text,
    p_value numeric,
    p_threshold numeric,
    p_warn_above numeric,
    p_details text,
    p_critical_above numeric default null
)
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language sql immutable set search_path = ''
as $$
    select
        p_check_name,
        wahook_private.health_status(p_value, coalesce(p_critical_above, p_threshold), p_warn_above),
        p_value,
        p_threshold,
        p_details
$$;

comment on function wahook_private.health_row(text, numeric, numeric, numeric, text, numeric) is
'One health check row (check_name, status, value, threshold, details): status by health_status, critical above p_critical_above (default p_threshold), warn above p_warn_above.';
