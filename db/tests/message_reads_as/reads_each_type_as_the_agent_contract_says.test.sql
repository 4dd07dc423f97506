begin;
select plan(1);

-- What the agent reads of each message, from its WhatsApp JSON: ingest extracts the text, then
-- message_reads_as decides how it reads (DESIGN.md, the echo agent's contract).
select results_eq(
    $$select wahook_private.message_reads_as(m.message ->> 'type', wahook_private.ingest_text_body(m.message))
      from (values
          (1, '{"type": "text", "text": {"body": "  hi | there  "}}'::jsonb),
          (2, '{"type": "image", "image": {"id": "1"}}'),
          (3, '{"type": "image", "image": {"id": "1", "caption": "my cat"}}'),
          (4, '{"type": "document", "document": {"id": "1", "caption": "the invoice", "filename": "a.pdf"}}'),
          (5, '{"type": "button", "button": {"payload": "P", "text": "Yes please"}}'),
          (6, '{"type": "interactive", "interactive": {"type": "button_reply", "button_reply": {"id": "b1", "title": "Later"}}}'),
          (7, '{"type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": "r1", "title": "Row", "description": "The first"}}}'),
          (8, '{"type": "location", "location": {"latitude": 38.9, "longitude": -77.03, "name": "Home", "address": "1 Main St"}}'),
          (9, '{"type": "location", "location": {"latitude": 38.9, "longitude": -77.03}}'),
          (10, '{"type": "contacts", "contacts": [{"name": {"formatted_name": "Ann B"}}, {"name": {"formatted_name": "Cy D"}}]}'),
          (11, '{"type": "reaction", "reaction": {"message_id": "wamid.x", "emoji": "👍"}}'),
          (12, '{"type": "sticker", "sticker": {"id": "1"}}'),
          (13, '{"type": "audio", "audio": {"id": "1", "voice": true}}')
      ) as m (n, message)
      order by m.n$$,
    $$values ('  hi | there  '), ('[image]'), ('[image] my cat'), ('[document] the invoice'),
        ('[button] Yes please'), ('[interactive] Later'), ('[interactive] Row: The first'),
        ('[location] 38.9, -77.03 (Home, 1 Main St)'), ('[location] 38.9, -77.03'),
        ('[contacts] Ann B, Cy D'), ('[reaction] 👍'), ('[sticker]'), ('[audio]')$$,
    'a text message reads as its body; any other as [type], followed by what it says when it says something'
);

select * from finish();
rollback;
