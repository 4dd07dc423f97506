-- Validates a webhook body completely before anything is stored or cast, so hostile input ends in
-- WH001 (a 4xx for the sidecar), never in a bare cast or constraint failure. Returns the number of
-- items process_message will report: each message, status and value.errors entry of a "messages"
-- change, and one per other change (or per "messages" change that carries none of those).
create or replace function wahook_private.ingest_check_body(p_payload jsonb)
returns integer
language plpgsql
immutable
set search_path = ''
as $$
declare
    v_problem text;
    v_count integer := 0;
    v_entry record;
    v_change record;
    v_item record;
    v_value jsonb;
    v_field text;
    v_path text;
    v_phone_number_id text;
    v_customer_id text;
    v_items integer;
begin
    if p_payload is null or pg_catalog.jsonb_typeof(p_payload) <> 'object' then
        v_problem := 'the body is not a JSON object';
    elsif wahook_private.ingest_json_text(p_payload -> 'object') is distinct from 'whatsapp_business_account' then
        v_problem := 'object is not "whatsapp_business_account"';
    elsif pg_catalog.jsonb_typeof(p_payload -> 'entry') is distinct from 'array'
        or pg_catalog.jsonb_array_length(p_payload -> 'entry') = 0 then
        v_problem := 'entry is not a non-empty array';
    end if;

    <<entries>>
    for v_entry in
        select e.value as entry, e.ord - 1 as i
        from pg_catalog.jsonb_array_elements(
            case when v_problem is null then p_payload -> 'entry' else '[]' end
        ) with ordinality as e (value, ord)
    loop
        if pg_catalog.jsonb_typeof(v_entry.entry) <> 'object'
            or pg_catalog.jsonb_typeof(v_entry.entry -> 'changes') is distinct from 'array'
            or pg_catalog.jsonb_array_length(v_entry.entry -> 'changes') = 0 then
            v_problem := pg_catalog.format('entry[%s] is not an object with a non-empty changes array', v_entry.i);
            exit entries;
        end if;

        for v_change in
            select c.value as change, c.ord - 1 as i
            from pg_catalog.jsonb_array_elements(v_entry.entry -> 'changes') with ordinality as c (value, ord)
        loop
            v_path := pg_catalog.format('entry[%s].changes[%s]', v_entry.i, v_change.i);
            v_field := case
                when pg_catalog.jsonb_typeof(v_change.change) = 'object'
                    then wahook_private.ingest_json_text(v_change.change -> 'field')
            end;
            if v_field is null or pg_catalog.length(v_field) not between 1 and 128 then
                v_problem := pg_catalog.format('%s is not an object with a field name', v_path);
                exit entries;
            end if;

            if v_field <> 'messages' then
                v_count := v_count + 1;
                continue;
            end if;

            -- A "messages" change: messages, statuses and errors, each an array when present.
            v_value := v_change.change -> 'value';
            v_path := v_path || '.value';
            if pg_catalog.jsonb_typeof(v_value) is distinct from 'object' then
                v_problem := pg_catalog.format('%s is not an object', v_path);
                exit entries;
            end if;
            select pg_catalog.string_agg(k.key, ', ' order by k.key) into v_problem
            from (values ('messages'), ('statuses'), ('errors'), ('contacts')) as k (key)
            where pg_catalog.jsonb_typeof(v_value -> k.key) not in ('array', 'null');
            if v_problem is not null then
                v_problem := pg_catalog.format('%s: %s must be arrays', v_path, v_problem);
                exit entries;
            end if;

            v_items := coalesce(pg_catalog.jsonb_array_length(nullif(v_value -> 'messages', 'null')), 0)
                + coalesce(pg_catalog.jsonb_array_length(nullif(v_value -> 'statuses', 'null')), 0);
            v_phone_number_id := wahook_private.ingest_json_text(v_value #> '{metadata,phone_number_id}');
            if v_items > 0 and (v_phone_number_id is null or pg_catalog.length(v_phone_number_id) not between 1 and 128) then
                v_problem := pg_catalog.format('%s.metadata.phone_number_id is missing or not a short string', v_path);
                exit entries;
            end if;
            v_count := v_count + greatest(
                v_items + coalesce(pg_catalog.jsonb_array_length(nullif(v_value -> 'errors', 'null')), 0),
                1
            );

            for v_item in
                select m.value as message, m.ord - 1 as i
                from pg_catalog.jsonb_array_elements(coalesce(nullif(v_value -> 'messages', 'null'), '[]')) with ordinality as m (value, ord)
            loop
                v_path := pg_catalog.format('entry[%s].changes[%s].value.messages[%s]', v_entry.i, v_change.i, v_item.i);
                if pg_catalog.jsonb_typeof(v_item.message) <> 'object' then
                    v_problem := pg_catalog.format('%s is not an object', v_path);
                elsif pg_catalog.jsonb_typeof(v_item.message -> 'id') is distinct from 'string'
                    or pg_catalog.length(v_item.message ->> 'id') not between 1 and 512 then
                    v_problem := pg_catalog.format('%s.id is missing or not a string of 1 to 512 characters', v_path);
                elsif pg_catalog.jsonb_typeof(v_item.message -> 'type') is distinct from 'string'
                    or pg_catalog.length(v_item.message ->> 'type') not between 1 and 64 then
                    v_problem := pg_catalog.format('%s.type is missing or not a string of 1 to 64 characters', v_path);
                elsif wahook_private.ingest_epoch(v_item.message -> 'timestamp') is null then
                    v_problem := pg_catalog.format('%s.timestamp is missing or not Unix seconds', v_path);
                else
                    select s.customer_id into v_customer_id
                    from wahook_private.ingest_message_sender(v_item.message, v_value -> 'contacts') as s;
                    if v_customer_id is null or pg_catalog.length(v_customer_id) > 256 then
                        v_problem := pg_catalog.format(
                            '%s has no sender (from, from_user_id, or a contact wa_id or user_id) of at most 256 characters',
                            v_path
                        );
                    end if;
                end if;
                exit entries when v_problem is not null;
            end loop;

            for v_item in
                select s.value as status, s.ord - 1 as i
                from pg_catalog.jsonb_array_elements(coalesce(nullif(v_value -> 'statuses', 'null'), '[]')) with ordinality as s (value, ord)
            loop
                v_path := pg_catalog.format('entry[%s].changes[%s].value.statuses[%s]', v_entry.i, v_change.i, v_item.i);
                if pg_catalog.jsonb_typeof(v_item.status) <> 'object' then
                    v_problem := pg_catalog.format('%s is not an object', v_path);
                elsif pg_catalog.jsonb_typeof(v_item.status -> 'id') is distinct from 'string'
                    or pg_catalog.length(v_item.status ->> 'id') not between 1 and 512 then
                    v_problem := pg_catalog.format('%s.id is missing or not a string of 1 to 512 characters', v_path);
                elsif pg_catalog.jsonb_typeof(v_item.status -> 'status') is distinct from 'string'
                    or pg_catalog.length(v_item.status ->> 'status') not between 1 and 64 then
                    v_problem := pg_catalog.format('%s.status is missing or not a string of 1 to 64 characters', v_path);
                elsif v_item.status -> 'timestamp' is not null
                    and wahook_private.ingest_epoch(v_item.status -> 'timestamp') is null then
                    v_problem := pg_catalog.format('%s.timestamp is not Unix seconds', v_path);
                elsif (pg_catalog.length(coalesce(
                        wahook_private.ingest_json_text(v_item.status -> 'recipient_id'),
                        wahook_private.ingest_json_text(v_item.status -> 'recipient_user_id')
                    )) not between 1 and 256) is not false then
                    v_problem := pg_catalog.format(
                        '%s has no recipient_id or recipient_user_id of 1 to 256 characters', v_path
                    );
                end if;
                exit entries when v_problem is not null;
            end loop;
        end loop;
    end loop;

    if v_problem is not null then
        raise exception using
            errcode = 'WH001',
            message = 'invalid WhatsApp webhook body: ' || v_problem,
            hint = 'Expected {"object": "whatsapp_business_account", "entry": [{"id": ..., "changes": [{"field": ..., '
                || '"value": {...}}]}]}; a "messages" value has metadata.phone_number_id, messages with id, type, '
                || 'timestamp (Unix seconds) and a sender, statuses with id, status and recipient_id.';
    end if;
    return v_count;
end
$$;

comment on function wahook_private.ingest_check_body(jsonb) is
'Ingest helper: validates a webhook body (object whatsapp_business_account; entry a non-empty array of objects with non-empty changes arrays of objects with a field; a messages change value an object whose messages, statuses, errors, contacts are arrays when present, with metadata.phone_number_id when it has messages or statuses; messages with id (at most 512 characters), type, timestamp in Unix seconds and a sender; statuses with id, status, a recipient and a valid timestamp when given). Returns the number of result rows process_message will give. Raises WH001 naming the first problem and its path.';

revoke all on function wahook_private.ingest_check_body(jsonb) from public;
