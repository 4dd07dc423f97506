-- Set-based ingest: wahook_private.ingest_bodies parses every body of a batch once
-- (wahook_private.ingest_items) and keeps the items in a PL/pgSQL array of this type between its
-- statements (conversations, messages, state transitions, statuses, business events), so that a
-- batch costs a handful of statements instead of a few per item. A type, not a temporary table:
-- creating one per call writes the catalog, and it would not distribute.
create type wahook_private.ingest_item as (
    body_index integer,
    item_index integer,
    kind text,
    field text,
    waba_id text,
    phone_number_id text,
    display_phone_number text,
    external_id text,
    conversation_id bigint,
    customer_id text,
    customer_wa_id text,
    customer_user_id text,
    profile_name text,
    item_type text,
    wa_timestamp timestamptz,
    text_body text,
    context_wamid text,
    item jsonb
);

comment on type wahook_private.ingest_item is
'One item of one body of an ingest batch: body_index (1-based position of the body in the batch) and the columns of wahook_private.ingest_items.';

revoke all on type wahook_private.ingest_item from public;
