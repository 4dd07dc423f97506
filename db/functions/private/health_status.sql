-- The status of one health check from its value: critical above p_critical_above, warn above
-- p_warn_above, ok otherwise (and ok without a value: nothing to measure).
create or replace function wahook_private.health_status(
    p_value numeric, p_critical_above numeric, p_warn_above numeric
)
returns text
language sql immutable set search_path = ''
as $$
    select case
        when p_value is null then 'ok'
        when p_value > p_critical_above then 'critical'
        when p_value > p_warn_above then 'warn'
        else 'ok'
    end
$$;

comment on function wahook_private.health_status(numeric, numeric, numeric) is
'Status of a health check: critical when p_value > p_critical_above, warn when p_value > p_warn_above, else ok (ok when p_value is null).';
