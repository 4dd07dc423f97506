-- The shape check shared by the batched calls (complete_turns, heartbeats, record_outbound_sents):
-- the batch must be a JSON array of objects, each with a JSON number under every one of p_keys.
-- Run before anything is cast or locked, so a malformed batch fails the whole call with WH002 and
-- the caller's own message and hint.
create or replace function wahook_private.check_batch_items(
    p_items jsonb, p_keys text [], p_message text, p_hint text
)
returns void
language plpgsql immutable set search_path = ''
as $$
begin
    if pg_catalog.jsonb_typeof(p_items) is distinct from 'array' or exists (
        select from pg_catalog.jsonb_array_elements(p_items) as i (item)
        where pg_catalog.jsonb_typeof(i.item) <> 'object'
            or exists (
                select from pg_catalog.unnest(p_keys) as k (key)
                where pg_catalog.jsonb_typeof(i.item -> k.key) is distinct from 'number'
            )
    ) then
        raise exception using errcode = 'WH002', message = p_message, hint = p_hint;
    end if;
end
$$;

comment on function wahook_private.check_batch_items(jsonb, text [], text, text) is
'Batch helper: raises WH002 with p_message and p_hint unless p_items is a JSON array of objects that each have a JSON number under every key of p_keys.';
