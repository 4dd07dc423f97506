-- What a message the business sent reads as (a person's reply, an echo of the WhatsApp Business
-- app, an agent reply when quoted): as an inbound message of its type would (message_reads_as over
-- the text ingest_text_body finds in its Graph message object), so "[image] <caption>" either way.
-- SQL without a SET clause, so that it inlines; stable as ingest_text_body is.
create or replace function wahook_private.outbound_reads_as(p_body jsonb)
returns text
language sql stable parallel safe
as $$
    select wahook_private.message_reads_as(p_body ->> 'type', wahook_private.ingest_text_body(p_body))
$$;

comment on function wahook_private.outbound_reads_as(jsonb) is
'What an outbound message whose Graph message object is p_body reads as to the agent: message_reads_as of its type and of the text ingest_text_body extracts from it (a text''s body, a caption...). Never raises.';
