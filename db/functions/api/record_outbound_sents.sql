-- The sender records the sends of a round in one transaction (its group commit): each row exactly
-- as record_outbound_sent records one (wahook_private.mark_outbound_sent), a refused row reported
-- in its own row without failing the others (refusals are decided before anything is written, so
-- no subtransaction is needed). Rows run in (conversation, reply) order, so concurrent batches take
-- their locks in one order.
create or replace function wahook.record_outbound_sents(p_sends jsonb)
returns table (
    conversation_id bigint,
    outbound_id bigint,
    status text,
    error_sqlstate text,
    error_message text
)
language plpgsql security definer set search_path = ''
as $$
declare
    v_send record;
    v_sent record;
begin
    perform wahook_private.check_batch_items(
        p_sends,
        array['conversation_id', 'outbound_id'],
        'record_outbound_sents takes a JSON array of sends, each with a conversation_id and an outbound_id',
        'Pass [{"conversation_id": ..., "outbound_id": ..., "wamid": ...}, ...].'
    );

    for v_send in
        select (s.send ->> 'conversation_id')::bigint as send_conversation_id,
            (s.send ->> 'outbound_id')::bigint as send_outbound_id,
            s.send ->> 'wamid' as send_wamid
        from pg_catalog.jsonb_array_elements(p_sends) with ordinality as s (send, ord)
        order by 1, 2, s.ord
    loop
        select r.o_status, r.o_sqlstate, r.o_message into v_sent
        from wahook_private.mark_outbound_sent(
            v_send.send_conversation_id, v_send.send_outbound_id, v_send.send_wamid
        ) as r;

        return query
        select v_send.send_conversation_id, v_send.send_outbound_id, v_sent.o_status, v_sent.o_sqlstate,
            v_sent.o_message;
    end loop;
end
$$;

comment on function wahook.record_outbound_sents(jsonb) is
'Records many sends in one transaction, each exactly as record_outbound_sent does: p_sends is a JSON array of {conversation_id, outbound_id, wamid}. Returns one row per send, in (conversation_id, outbound_id) order: conversation_id, outbound_id, status (the reply''s status afterwards: sent, delivered, read, played or failed) or, for a send that was refused and changed nothing, error_sqlstate WH002 (wamid missing, longer than 512 characters or of another reply) or WH040 (no such reply, it has another wamid, or it is neither sending nor unknown) with error_message; the other sends are recorded all the same. Raises WH002 when p_sends is not such an array.';
