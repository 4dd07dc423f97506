-- The check every identifying string of a webhook item gets (a message's id and type, a status's id
-- and status): present, a JSON string, 1 to p_max_length characters. The problem names the field by
-- its path, for the WH001 message; null when the field is fine. SQL, immutable and without a SET
-- clause, so that it inlines into ingest_check_bodies's query; every name is qualified.
create or replace function wahook_private.ingest_string_problem(
    p_item jsonb, p_key text, p_max_length integer, p_item_path text
)
returns text
language sql immutable parallel safe
as $$
    select case
        when pg_catalog.jsonb_typeof(p_item -> p_key) is distinct from 'string'
            or pg_catalog.length(p_item ->> p_key) not between 1 and p_max_length
            then p_item_path || '.' || p_key || ' is missing or not a string of 1 to '
                || p_max_length::text || ' characters'
    end
$$;

comment on function wahook_private.ingest_string_problem(jsonb, text, integer, text) is
'Ingest helper: null when p_item''s field p_key is a JSON string of 1 to p_max_length characters, else the problem "<p_item_path>.<p_key> is missing or not a string of 1 to <p_max_length> characters". Never raises.';
