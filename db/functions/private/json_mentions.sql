-- Whether a JSON value holds the given id as a string or a number (ingest reads ids either way:
-- ingest_json_text), at any depth. Used to find a customer's data in raw bodies.
create or replace function wahook_private.json_mentions(p_value jsonb, p_id text)
returns boolean
language sql immutable strict parallel safe set search_path = ''
as $$
    select exists (
        select
        from pg_catalog.jsonb_path_query(p_value, 'strict $.**') as v (item)
        where pg_catalog.jsonb_typeof(v.item) in ('string', 'number') and v.item #>> '{}' = p_id
    )
$$;

comment on function wahook_private.json_mentions(jsonb, text) is
'True when p_value holds p_id as a JSON string or number at any depth (wahook.forget_customer).';
