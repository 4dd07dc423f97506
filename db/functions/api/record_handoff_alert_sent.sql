-- Records that a handoff was announced, so that no instance announces it again.
create or replace function wahook.record_handoff_alert_sent(p_conversation_id bigint, p_alert_id bigint)
returns void
language plpgsql security definer set search_path = ''
as $$
begin
    update wahook_private.handoff_alerts as a
    set notified_at = coalesce(a.notified_at, wahook_private.clock_now())
    where a.conversation_id = p_conversation_id and a.id = p_alert_id;

    if not found then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('no handoff alert %s in conversation %s', p_alert_id, p_conversation_id),
            hint = 'Pass the conversation_id and alert_id that wahook.claim_handoff_alerts() returned.';
    end if;
end
$$;

comment on function wahook.record_handoff_alert_sent(bigint, bigint) is
'Records that handoff alert p_alert_id of conversation p_conversation_id was announced (notified_at set once); wahook.claim_handoff_alerts then leaves it out. Call it in the transaction of the claim, after the announcement succeeded. Returns nothing. Raises WH002 when no such alert exists.';
