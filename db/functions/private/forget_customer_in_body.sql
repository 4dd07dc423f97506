-- A raw webhook body with one customer's items taken out, for wahook.forget_customer. Meta batches
-- several customers into one body, so the body is rewritten rather than deleted: in each change
-- whose value.metadata.phone_number_id is the business number, every element of the value's arrays
-- (contacts, messages, statuses, user_preferences, ...) that mentions the customer id (a string or
-- number equal to it, at any depth) is removed, and so are the messages that name no sender when the
-- customer was the value's only contact (ingest gave them to that contact). A change that still
-- mentions the customer after that, or has nothing left in its arrays, is removed whole; then
-- entries without changes. payload is null when nothing is left (the caller deletes the row).
-- removed_items counts removed messages and statuses (a whole change without any counts one), to
-- keep item_count honest.
create or replace function wahook_private.forget_customer_in_body(
    p_payload jsonb,
    p_phone_number_id text,
    p_customer_id text,
    out payload jsonb,
    out removed_items integer
)
language plpgsql immutable set search_path = ''
as $$
declare
    v_entries jsonb := '[]';
    v_entry jsonb;
    v_changes jsonb;
    v_change jsonb;
    v_value jsonb;
    v_key text;
    v_elements jsonb;
    v_kept jsonb;
    v_element jsonb;
    v_contacts integer;
    v_customer_contacts integer;
    v_removed integer;
    v_left integer;
begin
    removed_items := 0;
    if pg_catalog.jsonb_typeof(p_payload -> 'entry') is distinct from 'array' then
        payload := p_payload;
        return;
    end if;
    for v_entry in select e.value from pg_catalog.jsonb_array_elements(p_payload -> 'entry') as e loop
        if pg_catalog.jsonb_typeof(v_entry -> 'changes') is distinct from 'array' then
            v_entries := v_entries || pg_catalog.jsonb_build_array(v_entry);
            continue;
        end if;
        v_changes := '[]';
        for v_change in select c.value from pg_catalog.jsonb_array_elements(v_entry -> 'changes') as c loop
            v_value := v_change -> 'value';
            if pg_catalog.jsonb_typeof(v_value) is distinct from 'object'
                or wahook_private.ingest_json_text(v_value #> '{metadata,phone_number_id}')
                is distinct from p_phone_number_id
                or not wahook_private.json_mentions(v_value, p_customer_id) then
                v_changes := v_changes || pg_catalog.jsonb_build_array(v_change);
                continue;
            end if;

            select
                pg_catalog.count(*)::integer,
                pg_catalog.count(*) filter (where wahook_private.json_mentions(c.value, p_customer_id))::integer
            into v_contacts, v_customer_contacts
            from pg_catalog.jsonb_array_elements(
                case when pg_catalog.jsonb_typeof(v_value -> 'contacts') = 'array' then v_value -> 'contacts' else '[]' end
            ) as c;

            v_removed := 0;
            v_left := 0;
            for v_key, v_elements in select a.key, a.value from pg_catalog.jsonb_each(v_value) as a loop
                continue when pg_catalog.jsonb_typeof(v_elements) is distinct from 'array';
                v_kept := '[]';
                for v_element in select x.value from pg_catalog.jsonb_array_elements(v_elements) as x loop
                    if wahook_private.json_mentions(v_element, p_customer_id)
                        or (
                            v_key = 'messages'
                            and v_contacts = 1 and v_customer_contacts = 1
                            and wahook_private.ingest_json_text(v_element -> 'from') is null
                            and wahook_private.ingest_json_text(v_element -> 'from_user_id') is null
                            and wahook_private.ingest_json_text(v_element -> 'user_id') is null
                        ) then
                        if v_key in ('messages', 'statuses') then
                            v_removed := v_removed + 1;
                        end if;
                    else
                        v_kept := v_kept || pg_catalog.jsonb_build_array(v_element);
                    end if;
                end loop;
                v_value := pg_catalog.jsonb_set(v_value, array[v_key], v_kept);
                v_left := v_left + pg_catalog.jsonb_array_length(v_kept);
            end loop;

            if v_left = 0 or wahook_private.json_mentions(v_value, p_customer_id) then
                removed_items := removed_items + greatest(v_removed, 1);
            else
                removed_items := removed_items + v_removed;
                v_changes := v_changes || pg_catalog.jsonb_build_array(
                    pg_catalog.jsonb_set(v_change, '{value}', v_value)
                );
            end if;
        end loop;
        if pg_catalog.jsonb_array_length(v_changes) > 0 then
            v_entries := v_entries || pg_catalog.jsonb_build_array(
                pg_catalog.jsonb_set(v_entry, '{changes}', v_changes)
            );
        end if;
    end loop;
    payload := case
        when pg_catalog.jsonb_array_length(v_entries) > 0 then pg_catalog.jsonb_set(p_payload, '{entry}', v_entries)
    end;
end
$$;

comment on function wahook_private.forget_customer_in_body(jsonb, text, text) is
'wahook.forget_customer helper: p_payload without the items of customer p_customer_id of business number p_phone_number_id (the elements of the change values'' arrays that mention the id; changes and entries left empty go whole). payload is null when nothing is left; removed_items counts the messages and statuses removed.';
