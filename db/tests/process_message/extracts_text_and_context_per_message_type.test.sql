begin;
select plan(1);

create temporary table result on commit drop as
select
    t.n,
    t.type,
    r.outcome
from (values
    (1, 'text', '{"text": {"body": "hello"}, "context": {"from": "1", "id": "wamid.prev"}}'::jsonb),
    (2, 'image', '{"image": {"id": "1", "caption": "a cat"}}'),
    (3, 'video', '{"video": {"id": "1"}}'),
    (4, 'document', '{"document": {"id": "1", "filename": "cv.pdf"}}'),
    (5, 'button', '{"button": {"text": "Yes", "payload": "Y"}, "context": {"id": "wamid.tpl"}}'),
    (6, 'interactive', '{"interactive": {"type": "button_reply", "button_reply": {"id": "b", "title": "Book"}}}'),
    (7, 'interactive', '{"interactive": {"type": "list_reply", "list_reply": {"id": "l", "title": "Red", "description": "A red one"}}}'),
    (8, 'interactive', '{"interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent", "response_json": "{}"}}}'),
    (9, 'location', '{"location": {"latitude": 1, "longitude": 2, "name": "Home", "address": "1 Main St"}}'),
    (10, 'contacts', '{"contacts": [{"name": {"formatted_name": "Ann B"}}, {"name": {"formatted_name": "Cy D"}}]}'),
    (11, 'order', '{"order": {"catalog_id": "1", "text": "two please", "product_items": []}}'),
    (12, 'audio', '{"audio": {"id": "1"}}'),
    (13, 'text', '{"text": {"body": {"not": "a string"}}}')
) as t (n, type, content)
cross join lateral wahook.process_message(
    tests.message_body('100000001', '15550001', 'wamid.x' || t.n, 1780315200, t.type, t.content)
) as r;

select results_eq(
    $$select t.type, t.outcome, m.text_body, m.context_wamid
      from result as t
      join wahook_private.processed_webhook_messages as m on m.wamid = 'wamid.x' || t.n
      order by t.n$$,
    $$values ('text', 'accepted', 'hello', 'wamid.prev'), ('image', 'accepted', 'a cat', null),
             ('video', 'accepted', null, null), ('document', 'accepted', 'cv.pdf', null),
             ('button', 'accepted', 'Yes', 'wamid.tpl'), ('interactive', 'accepted', 'Book', null),
             ('interactive', 'accepted', 'Red: A red one', null), ('interactive', 'accepted', 'Sent', null),
             ('location', 'accepted', '1, 2 (Home, 1 Main St)', null), ('contacts', 'accepted', 'Ann B, Cy D', null),
             ('order', 'accepted', 'two please', null), ('audio', 'accepted', null, null),
             ('text', 'accepted', null, null)$$,
    'each type gives the text an agent reads (null when none) and the context wamid'
);

select * from finish();
rollback;
