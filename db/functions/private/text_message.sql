-- A text message to p_to (graph_message): what the agent and people reply with. Inlines.
create or replace function wahook_private.text_message(p_to text, p_text text)
returns jsonb
language sql stable parallel safe
as $$
    select wahook_private.graph_message(
        p_to, pg_catalog.jsonb_build_object('type', 'text', 'text', pg_catalog.jsonb_build_object('body', p_text))
    )
$$;

comment on function wahook_private.text_message(text, text) is
'The Graph API message object of the text p_text to p_to: graph_message with type text and text.body p_text. Never raises.';
