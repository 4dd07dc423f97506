-- What a message quotes (its context.id, stored as context_wamid), as the agent should see it: an
-- earlier customer message as it reads (without its own quote, so quotes do not nest), or a message
-- of the business as it reads (wahook_private.outbound_reads_as); cut to 200 characters. Null when the
-- message quotes nothing or a message this conversation does not know. Both lookups use the
-- conversations' unique (conversation_id, wamid) indexes; the case skips them for the usual
-- message, which quotes nothing. A message its writer revoked (deleted: the customer, or the
-- business in the WhatsApp Business app) is quoted as nothing.
-- PL/pgSQL, not SQL: a SQL function with sub-selects is never inlined, so each query that called it
-- planned its body anew (half a millisecond per claim and per completion, for the usual message that
-- quotes nothing); here that message returns at once and the lookups' plans are kept for the session.
create or replace function wahook_private.quoted_text(p_conversation_id bigint, p_context_wamid text)
returns text
language plpgsql stable parallel safe set search_path = ''
as $$
declare
    v_quoted text;
begin
    if p_context_wamid is null then
        return null;
    end if;
    select m.reads_as_unquoted
    into v_quoted
    from wahook_private.inbound_messages_as_read as m
    where m.conversation_id = p_conversation_id and m.wamid = p_context_wamid and m.revoked_at is null;
    if v_quoted is null then
        select wahook_private.outbound_reads_as(o.body)
        into v_quoted
        from wahook_private.outbound_messages as o
        where o.conversation_id = p_conversation_id and o.wamid = p_context_wamid and o.revoked_at is null;
    end if;
    return case when pg_catalog.length(v_quoted) > 200 then pg_catalog.left(v_quoted, 199) || '…' else v_quoted end;
end
$$;

comment on function wahook_private.quoted_text(bigint, text) is
'The text of the message that p_context_wamid names in conversation p_conversation_id, for a reply that quotes it: an inbound message as it reads (message_reads_as, without its own quote), or an outbound message as outbound_reads_as reads it; at most 200 characters. Null when p_context_wamid is null, unknown here, or a message its writer revoked (a customer, or the business in the WhatsApp Business app). Never raises.';
