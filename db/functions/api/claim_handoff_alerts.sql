-- The handoffs to announce: the agent asked for a person. Called by the alert loop in the
-- transaction that announces each and records it (wahook.record_handoff_alert_sent) before it
-- commits, under the advisory lock of claim_alert_transitions (taken again here; a session already
-- holding it takes it again), so that one instance announces each handoff once.
create or replace function wahook.claim_handoff_alerts(p_limit integer default 20)
returns table (
    conversation_id bigint,
    alert_id bigint,
    phone_number_id text,
    customer_id text,
    profile_name text,
    reason text,
    created_at timestamptz
)
language plpgsql security definer set search_path = ''
as $$
begin
    perform wahook_private.check_argument_between('p_limit', p_limit, 1, 1000);
    if not pg_catalog.pg_try_advisory_xact_lock(8602271591074324844) then
        return;
    end if;

    return query
    select a.conversation_id, a.id, c.phone_number_id, c.customer_id, c.profile_name, a.reason, a.created_at
    from wahook_private.handoff_alerts as a
    inner join wahook_private.webhook_conversations as c on a.conversation_id = c.conversation_id
    where a.notified_at is null
    order by a.created_at, a.id
    limit p_limit;
end
$$;

comment on function wahook.claim_handoff_alerts(integer) is
'The oldest p_limit handoffs not yet announced (the agent asked for a person): conversation_id, alert_id, phone_number_id, customer_id, profile_name, reason, created_at. Takes the transaction-level advisory lock of wahook.claim_alert_transitions (key 8602271591074324844) and returns no row at once when another session holds it: call it in a transaction, announce, record each announcement with wahook.record_handoff_alert_sent, then commit. Raises WH002 when p_limit is outside 1..1000.';
