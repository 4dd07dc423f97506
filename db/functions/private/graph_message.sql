-- The Graph API message object of everything the outbox holds: the envelope (WhatsApp, one person,
-- the recipient) around a message of any type (p_message: {"type": ..., <type>: ...}). Agent
-- replies and people's replies are text (text_message); echoes keep the object Meta sent. SQL
-- without a SET clause, so that it inlines; stable, not immutable, as jsonb_build_object is (the
-- planner does not inline a function declared less volatile than its body).
create or replace function wahook_private.graph_message(p_to text, p_message jsonb)
returns jsonb
language sql stable parallel safe
as $$
    select pg_catalog.jsonb_build_object(
        'messaging_product', 'whatsapp', 'recipient_type', 'individual', 'to', p_to
    ) || p_message
$$;

comment on function wahook_private.graph_message(text, jsonb) is
'The Graph API message object to p_to of the message p_message ({"type": ..., <type>: ...}): messaging_product whatsapp, recipient_type individual, to p_to, then p_message''s keys. Never raises.';
