-- The sender got a wamid from the Graph API for reply p_outbound_id: the reply is sent, and status
-- webhooks stored before it are applied (wahook_private.mark_outbound_sent, shared with
-- record_outbound_sents). Idempotent for the same wamid.
create or replace function wahook.record_outbound_sent(p_conversation_id bigint, p_outbound_id bigint, p_wamid text)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
    v_sent record;
begin
    select r.o_status, r.o_sqlstate, r.o_message, r.o_hint into v_sent
    from wahook_private.mark_outbound_sent(p_conversation_id, p_outbound_id, p_wamid) as r;

    if v_sent.o_sqlstate = 'WH002' then
        raise exception using errcode = 'WH002', message = v_sent.o_message, hint = v_sent.o_hint;
    elsif v_sent.o_sqlstate = 'WH040' then
        raise exception using errcode = 'WH040', message = v_sent.o_message, hint = v_sent.o_hint;
    end if;
    return v_sent.o_status;
end
$$;

comment on function wahook.record_outbound_sent(bigint, bigint, text) is
'Records that reply p_outbound_id of conversation p_conversation_id was accepted by Meta as p_wamid: from sending (or unknown) it becomes sent with sent_at now, and its sender is released. Then applies the status webhooks stored unmatched for that wamid, in rank order (sent, failed, delivered, read, played), marking each applied or stale. Returns the reply''s status afterwards (sent, delivered, read, played or failed). Idempotent for the same wamid. Raises WH002 when an argument is missing, the wamid is longer than 512 characters or belongs to another reply; WH040 when the reply does not exist, already has another wamid, or is neither sending nor unknown.';
