-- What a WhatsApp Flow reply (interactive nfm_reply) says: its response_json is a JSON object
-- serialised as a string, the customer's answers by field name. Read as "field: answer" pairs in
-- field order, without the flow_token (an id, not an answer); names the Flow builder generates
-- (screen_0_email_1) lose their screen_N_ prefix and _N suffix. Null for anything that is not a
-- non-empty object, so a hostile string cannot fail ingestion: PL/pgSQL only to catch the cast's
-- error, reached only for flow replies.
create or replace function wahook_private.flow_answers(p_response_json text)
returns text
language plpgsql immutable set search_path = ''
as $$
declare
    v_answers jsonb;
begin
    begin
        v_answers := p_response_json::jsonb;
    exception
        when others then
            return null;
    end;
    if pg_catalog.jsonb_typeof(v_answers) is distinct from 'object' then
        return null;
    end if;
    return (
        select pg_catalog.string_agg(
            pg_catalog.format(
                '%s: %s',
                pg_catalog.regexp_replace(pg_catalog.regexp_replace(a.key, '^screen_[0-9]+_', ''), '_[0-9]+$', ''),
                case pg_catalog.jsonb_typeof(a.value) when 'string' then a.value #>> '{}' else a.value::text end
            ),
            ', ' order by a.key
        )
        from pg_catalog.jsonb_each(v_answers) as a
        where a.key <> 'flow_token'
    );
end
$$;

comment on function wahook_private.flow_answers(text) is
'The answers of a WhatsApp Flow reply from its response_json string: "field: answer" pairs in field order, flow_token left out, generated names (screen_0_email_1) shortened to the field (email). Null when the string is not a JSON object with an answer. Never raises.';
