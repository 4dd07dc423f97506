-- A person wrote in these conversations (a reply through wahook.send_human_reply, an echo of the
-- WhatsApp Business app): the quiet time of their pause starts again (resume_quiet_handoffs).
-- A conversation without a pause row is left alone; one that is not paused gets its row anew from
-- note_pause when it is paused.
create or replace function wahook_private.note_human_activity(p_conversation_ids bigint [])
returns void
language sql set search_path = ''
as $$
    update wahook_private.conversation_handoffs as h
    set last_human_at = greatest(h.last_human_at, wahook_private.clock_now()),
        updated_at = wahook_private.clock_now()
    where h.conversation_id = any(p_conversation_ids)
$$;

comment on function wahook_private.note_human_activity(bigint []) is
'Records human activity now in the pause rows (conversation_handoffs) of conversations p_conversation_ids: last_human_at moves to now (never back). Returns nothing.';
