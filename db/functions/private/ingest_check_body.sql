-- Validates a webhook body completely before anything is stored or cast, so hostile input ends in
-- WH001 (a 4xx for the sidecar), never in a bare cast or constraint failure. Returns the number of
-- items process_message will report: each message, status and value.errors entry of a "messages"
-- change, and one per other change (or per "messages" change that carries none of those); a body
-- of more than 1,000 items is refused.
-- The rules live in wahook_private.ingest_check_bodies (set-based, for batches); this raises.
create or replace function wahook_private.ingest_check_body(p_payload jsonb)
returns integer
language plpgsql immutable set plan_cache_mode = force_generic_plan set jit = off set search_path = ''
as $$
declare
    v_problem text;
    v_count integer;
begin
    select c.item_count, c.problem into strict v_count, v_problem
    from wahook_private.ingest_check_bodies(array[p_payload]) as c;
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
'Ingest helper: validates a webhook body (object whatsapp_business_account; entry a non-empty array of objects with non-empty changes arrays of objects with a field; a messages change value an object whose messages, statuses, errors, contacts are arrays when present, with metadata.phone_number_id of 1 to 64 letters, digits, _ or - when it has messages or statuses; messages with id (at most 512 characters), type, timestamp in Unix seconds and a sender; statuses with id, status, a recipient and a valid timestamp when given). Returns the number of result rows process_message will give. Raises WH001 naming the first problem and its path (wahook_private.ingest_check_bodies finds it).';
