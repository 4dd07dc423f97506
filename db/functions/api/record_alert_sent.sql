-- Records that a check's change was announced, so that no instance announces it again.
create or replace function wahook.record_alert_sent(
    p_check_name text, p_status text, p_value numeric default null, p_threshold numeric default null
)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
    if p_check_name is null or p_check_name = '' or p_status is null
        or p_status not in ('ok', 'warn', 'critical') then
        raise exception using
            errcode = 'WH002',
            message = 'record_alert_sent needs a check name and a status of ok, warn or critical',
            hint = 'Pass the check_name and status that wahook.claim_alert_transitions() returned.';
    end if;

    insert into wahook_private.alert_states as a (check_name, notified_status, value, threshold, notified_at)
    values (p_check_name, p_status, p_value, p_threshold, wahook_private.clock_now())
    on conflict (check_name) do update set
        notified_status = excluded.notified_status,
        value = excluded.value,
        threshold = excluded.threshold,
        notified_at = excluded.notified_at;
end
$$;

comment on function wahook.record_alert_sent(text, text, numeric, numeric) is
'Records that the change of health check p_check_name to p_status (value p_value, threshold p_threshold) was announced; wahook.claim_alert_transitions() then compares with it. Call it in the transaction of the claim, after the announcement succeeded. Returns nothing. Raises WH002 when p_check_name is empty or p_status is not ok, warn or critical.';
