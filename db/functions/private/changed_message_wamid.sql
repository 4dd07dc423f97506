-- The wamid of the customer's message that an edit or revoke changes, read from hostile JSON
-- without raising: a JSON string of 1 to 512 characters other than the change's own id. An edit
-- counts only when it carries the new message (edit.message, an object; its text may be none, a
-- caption removed). Null for any other message and for a change of another shape: never applied.
-- SQL without a SET clause so that the caller's query inlines it; every name is qualified.
create or replace function wahook_private.changed_message_wamid(p_message jsonb)
returns text
language sql immutable parallel safe
as $$
    select case when pg_catalog.length(c.wamid) between 1 and 512 and c.wamid <> coalesce(p_message ->> 'id', '')
        then c.wamid end
    from (
        select case
            when p_message ->> 'type' = 'edit'
                and pg_catalog.jsonb_typeof(p_message #> '{edit,message}') = 'object'
                and pg_catalog.jsonb_typeof(p_message #> '{edit,original_message_id}') = 'string'
                then p_message #>> '{edit,original_message_id}'
            when p_message ->> 'type' = 'revoke'
                and pg_catalog.jsonb_typeof(p_message #> '{revoke,original_message_id}') = 'string'
                then p_message #>> '{revoke,original_message_id}'
        end as wamid
    ) as c
$$;

comment on function wahook_private.changed_message_wamid(jsonb) is
'Ingest helper: for an inbound message of type edit (carrying edit.message) or revoke, the wamid of the message it changes (edit.original_message_id, revoke.original_message_id) when that is a string of 1 to 512 characters other than its own id; null for any other message or shape. Never raises.';
