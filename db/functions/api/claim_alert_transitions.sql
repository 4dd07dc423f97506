-- The health checks whose alert state changed since the last announcement: turned critical, or
-- recovered (no longer critical) after a critical announcement. Meant to be called in a transaction
-- that then announces each and records it with wahook.record_alert_sent before committing: the
-- transaction-level advisory lock keeps every other instance out until then, so one instance
-- announces each change once. The lock key is fixed: 0x7761686f6f6b616c, "wahookal" in ASCII.
create or replace function wahook.claim_alert_transitions()
returns table (
    check_name text, status text, previous_status text, value numeric, threshold numeric, details text
)
language plpgsql security definer set search_path = ''
as $$
begin
    if not pg_catalog.pg_try_advisory_xact_lock(8602271591074324844) then
        return;
    end if;

    return query
    select h.check_name, h.status, coalesce(a.notified_status, 'ok'), h.value, h.threshold, h.details
    from wahook.check_webhook_system_health() as h
    left join wahook_private.alert_states as a on h.check_name = a.check_name
    where (h.status = 'critical') is distinct from (coalesce(a.notified_status, 'ok') = 'critical');
end
$$;

comment on function wahook.claim_alert_transitions() is
'The health checks (as wahook.check_webhook_system_health() reports them) to announce: those now critical whose last announcement was not critical, and those no longer critical whose last announcement was (a recovery). Returns (check_name, status, previous_status, value, threshold, details); previous_status is the status last announced (ok when never). Takes a transaction-level advisory lock (key 8602271591074324844) and returns no row at once when another session holds it: call it in a transaction, announce, record each announcement with wahook.record_alert_sent, then commit. Raises nothing of its own.';
