-- Reads a scalar out of hostile JSON without a cast that could fail: the text of a JSON string or
-- number, null for anything else (object, array, boolean, null, missing).
-- No SET clause (search_path) so the planner can inline it into the calling query: every name in
-- it is schema-qualified, and its callers pin search_path.
create or replace function wahook_private.ingest_json_text(p_value jsonb)
returns text
language sql immutable parallel safe
as $$
    select case when pg_catalog.jsonb_typeof(p_value) in ('string', 'number') then p_value #>> '{}' end
$$;

comment on function wahook_private.ingest_json_text(jsonb) is
'Ingest helper: the text of a JSON string or number; null for any other JSON value or SQL null. Never raises.';
