-- WhatsApp timestamps are Unix seconds, as a string ("1669233778") or, in some clients' test data,
-- a JSON integer. Anything else (fractions, signs, exponents, words, absurd sizes) is not a
-- timestamp: null, so the caller rejects it instead of a cast failing.
-- No SET clause (search_path) so the planner can inline it into the calling query: every name in
-- it is schema-qualified, and its callers pin search_path.
create or replace function wahook_private.ingest_epoch(p_value jsonb)
returns timestamptz
language sql immutable parallel safe
as $$
    select case
        when wahook_private.ingest_json_text(p_value) ~ '^[0-9]{1,11}$'
            then pg_catalog.to_timestamp((p_value #>> '{}')::double precision)
    end
$$;

comment on function wahook_private.ingest_epoch(jsonb) is
'Ingest helper: a WhatsApp timestamp (Unix seconds as a JSON string or integer, at most 11 digits) as timestamptz; null when p_value is not one. Never raises.';
