-- Many webhook bodies in one transaction (one commit for a group of concurrent webhooks): each
-- body runs wahook.process_message in its own subtransaction, so a malformed body (WH001) gives one
-- error row and rolls back only itself. Any other error fails the whole call.
-- Locks are held to the end of the transaction, across bodies: two batches taking the conversations
-- of their bodies in different orders could deadlock. So bodies run in the order of the conversation
-- their first item names (a guess read without validation: it only orders, nothing depends on it),
-- which orders the locks of the usual one-conversation bodies like process_message orders its own.
create or replace function wahook.process_messages(p_payloads jsonb, p_correlation_ids text [] default null)
returns table (
    body_index integer,
    kind text,
    external_id text,
    conversation_id bigint,
    outcome text,
    error_sqlstate text,
    error_message text
)
language plpgsql security definer set search_path = ''
as $$
declare
    v_body record;
begin
    if pg_catalog.jsonb_typeof(p_payloads) is distinct from 'array' then
        raise exception using
            errcode = 'WH002',
            message = 'process_messages takes a JSON array of webhook bodies',
            hint = 'Pass [body, body, ...]; for one body call wahook.process_message.';
    end if;
    if p_correlation_ids is not null
        and coalesce(pg_catalog.cardinality(p_correlation_ids), 0) <> pg_catalog.jsonb_array_length(p_payloads) then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format(
                'process_messages got %s correlation ids for %s bodies',
                coalesce(pg_catalog.cardinality(p_correlation_ids), 0), pg_catalog.jsonb_array_length(p_payloads)
            ),
            hint = 'Pass one correlation id per body (null entries are allowed), or none.';
    end if;

    for v_body in
        select b.payload, (b.ord - 1)::integer as i
        from pg_catalog.jsonb_array_elements(p_payloads) with ordinality as b (payload, ord)
        cross join lateral (select b.payload #> '{entry,0,changes,0,value}' as value) as v
        order by
            wahook_private.conversation_key(
                v.value #>> '{metadata,phone_number_id}',
                coalesce(
                    v.value #>> '{messages,0,from}', v.value #>> '{messages,0,from_user_id}',
                    v.value #>> '{contacts,0,wa_id}', v.value #>> '{contacts,0,user_id}',
                    v.value #>> '{statuses,0,recipient_id}', v.value #>> '{statuses,0,recipient_user_id}'
                )
            ) nulls first,
            b.ord
    loop
        begin
            return query
            select v_body.i, r.kind, r.external_id, r.conversation_id, r.outcome, null::text, null::text
            from wahook.process_message(v_body.payload, p_correlation_ids[v_body.i + 1]) as r;
        exception
            when sqlstate 'WH001' then
                return query
                select v_body.i, null::text, null::text, null::bigint, null::text, 'WH001'::text, sqlerrm;
        end;
    end loop;
end
$$;

comment on function wahook.process_messages(jsonb, text []) is
'Ingests a JSON array of webhook bodies in one transaction, each as wahook.process_message(body, p_correlation_ids[i]) in its own subtransaction. Returns the rows of every body, each body''s rows together and in its order (bodies run in the order of their first conversation, to keep lock order across concurrent batches), with body_index (0-based position in p_payloads) and error_sqlstate, error_message null; a body rejected with WH001 stores nothing and gives one row with kind, outcome null and its error_sqlstate and error_message, while the other bodies are kept. Raises WH002 when p_payloads is not a JSON array or p_correlation_ids does not have one entry per body; any error other than WH001 fails the whole call.';
