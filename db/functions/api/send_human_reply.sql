-- A person answers the customer. The message goes through the outbox as the agent's replies do, so it
-- leaves in order with them (claim_outbound_messages sends a conversation's oldest unsettled message
-- first) under the same rules (retries, the 24-hour window); it is sent even while the conversation is
-- paused, which withholds only the agent's replies. It joins the memory as what the business said
-- (remember_human_messages) and counts as human activity for the quiet time of a handoff.
create or replace function wahook.send_human_reply(
    p_conversation_id bigint,
    p_text text,
    p_author text
)
returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_text text := pg_catalog.btrim(p_text);
    v_author text := pg_catalog.btrim(p_author);
    v_conversation wahook_private.webhook_conversations;
    v_recipient text;
    v_id bigint;
begin
    if v_text is null or v_text = '' or pg_catalog.length(v_text) > 4096 then
        raise exception using
            errcode = 'WH002',
            message = 'p_text must be the text to send, 1 to 4096 characters',
            hint = 'WhatsApp refuses longer text messages.';
    end if;
    if v_author is null or v_author = '' or pg_catalog.length(v_author) > 200 then
        raise exception using
            errcode = 'WH002',
            message = 'p_author must name the person who writes, 1 to 200 characters';
    end if;

    v_conversation := wahook_private.lock_conversation(p_conversation_id);
    v_recipient := coalesce(v_conversation.customer_wa_id, v_conversation.customer_id);

    insert into wahook_private.outbound_messages (
        conversation_id, phone_number_id, recipient, author, body, status, next_attempt_at, created_at,
        updated_at
    )
    values (
        p_conversation_id, v_conversation.phone_number_id, v_recipient, v_author,
        wahook_private.text_message(v_recipient, v_text), 'queued', v_now, v_now, v_now
    )
    returning id into v_id;

    perform wahook_private.remember_human_messages(array[p_conversation_id], array[v_id]);

    perform wahook_private.note_human_activity(array[p_conversation_id]);

    perform pg_catalog.pg_notify('wahook_outbox', '');
    return v_id;
end
$$;

comment on function wahook.send_human_reply(bigint, text, text) is
'Queues a person''s text message p_text (trimmed) to the customer of conversation p_conversation_id in the outbox, with author p_author, in order with everything else the conversation sends (after the replies queued before it), under the rules of every reply (retries, the 24-hour window). It is sent even while the conversation is paused (only agent replies are withheld then). It joins the conversation memory as what the business said, and counts as human activity for settings.handoff_quiet_minutes. NOTIFYs channel wahook_outbox at commit. Returns the outbox id. Raises WH002 when p_text is empty or longer than 4096 characters or p_author is empty or longer than 200, WH011 when the conversation does not exist.';
