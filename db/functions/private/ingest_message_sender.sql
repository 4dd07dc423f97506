-- Who sent an inbound message. The customer id (and so the conversation) is message.from (the
-- wa_id), else the business-scoped user id of the message (from_user_id, user_id), else the
-- contact's wa_id, else its user_id: a BSUID-only sender has no "from". The contact is the one of
-- value.contacts naming the sender, or the only one; it gives the profile name and the ids the
-- message lacks.
-- No SET clause (search_path) so the planner can inline it into the calling query: every name in
-- it is schema-qualified, and its callers pin search_path.
create or replace function wahook_private.ingest_message_sender(p_message jsonb, p_contacts jsonb)
returns table (customer_id text, customer_wa_id text, customer_user_id text, profile_name text)
language sql immutable parallel safe
as $$
    with message as (
        select
            wahook_private.ingest_json_text(p_message -> 'from') as from_wa_id,
            coalesce(
                wahook_private.ingest_json_text(p_message -> 'from_user_id'),
                wahook_private.ingest_json_text(p_message -> 'user_id')
            ) as from_user_id
    ),
    contacts as (
        select
            c.ord,
            wahook_private.ingest_json_text(c.contact -> 'wa_id') as wa_id,
            wahook_private.ingest_json_text(c.contact -> 'user_id') as user_id,
            wahook_private.ingest_json_text(c.contact #> '{profile,name}') as profile_name
        from pg_catalog.jsonb_array_elements(
            case when pg_catalog.jsonb_typeof(p_contacts) = 'array' then p_contacts else '[]' end
        ) with ordinality as c (contact, ord)
        where pg_catalog.jsonb_typeof(c.contact) = 'object'
    ),
    contact as (
        select ct.*
        from contacts as ct, message as m
        where ct.wa_id = m.from_wa_id
            or ct.user_id = m.from_user_id
            or (select pg_catalog.count(*) from contacts) = 1
        order by (ct.wa_id = m.from_wa_id or ct.user_id = m.from_user_id) desc nulls last, ct.ord
        limit 1
    )
    select
        coalesce(m.from_wa_id, m.from_user_id, ct.wa_id, ct.user_id),
        coalesce(m.from_wa_id, ct.wa_id),
        coalesce(m.from_user_id, ct.user_id),
        ct.profile_name
    from message as m
    left join contact as ct on true
$$;

comment on function wahook_private.ingest_message_sender(jsonb, jsonb) is
'Ingest helper: one row (customer_id, customer_wa_id, customer_user_id, profile_name) for an inbound message and its value.contacts. customer_id is from, else from_user_id or user_id, else the contact''s wa_id, else its user_id (null when none is known). The contact is the one naming the sender, else the only one. Never raises.';
