-- The webhook body check, set-based: a whole batch of bodies in one query, where a loop per body
-- (and per entry, change, message and status inside it) paid an executor start for each. It never
-- raises for any jsonb: every array is expanded or measured only once its type is known, so a body
-- refused at one level is not looked into below it. The first problem of a body is the one a walk
-- in body order meets first: the body, then each entry, each of its changes (field, value, arrays,
-- metadata.phone_number_id), then the messages of that change, then its statuses; so problems are
-- ranked by (entry, change, part, item) and the smallest is reported.
-- phone_number_id goes into the Graph API URL path and into the conversation key
-- (phone_number_id || ':' || customer): a short token of letters, digits, _ and -, nothing that
-- could add a path segment or a ':' (Meta's are digits; documentation uses PHONE_NUMBER_ID).
create or replace function wahook_private.ingest_check_bodies(p_payloads jsonb [])
returns table (body_index integer, item_count integer, problem text)
-- Stable, not immutable: format() is stable, and the planner inlines a function only when it is
-- not declared less volatile than its body. No SET clause either, so that it inlines into its
-- callers' queries (else it is planned anew on every call): every name in it is qualified, and the
-- callers (ingest_check_body, wahook.receive_webhooks) pin search_path, turn JIT off and keep a
-- generic plan (a custom plan would plan the bodies as constants on every call).
language sql stable parallel safe
as $$
    with bodies as (
        select
            b.i::integer as body_index,
            b.payload,
            case
                when b.payload is null or pg_catalog.jsonb_typeof(b.payload) <> 'object'
                    then 'the body is not a JSON object'
                when wahook_private.ingest_json_text(b.payload -> 'object') is distinct from 'whatsapp_business_account'
                    then 'object is not "whatsapp_business_account"'
                when pg_catalog.jsonb_typeof(b.payload -> 'entry') is distinct from 'array'
                    then 'entry is not a non-empty array'
                when pg_catalog.jsonb_array_length(b.payload -> 'entry') = 0
                    then 'entry is not a non-empty array'
            end as problem
        from pg_catalog.unnest(p_payloads) with ordinality as b (payload, i)
    ),

    entries as (
        select
            b.body_index,
            e.ord - 1 as entry_i,
            e.entry,
            case
                when pg_catalog.jsonb_typeof(e.entry) <> 'object'
                    or pg_catalog.jsonb_typeof(e.entry -> 'changes') is distinct from 'array'
                    then true
                else pg_catalog.jsonb_array_length(e.entry -> 'changes') = 0
            end as is_bad
        from bodies as b
        cross join lateral pg_catalog.jsonb_array_elements(
            case when b.problem is null then b.payload -> 'entry' else '[]' end
        ) with ordinality as e (entry, ord)
    ),

    changes as materialized (
        select
            en.body_index,
            en.entry_i,
            c.ord - 1 as change_i,
            pg_catalog.format('entry[%s].changes[%s]', en.entry_i, c.ord - 1) as path,
            case
                when pg_catalog.jsonb_typeof(c.change) = 'object'
                    then wahook_private.ingest_json_text(c.change -> 'field')
            end as field,
            c.change -> 'value' as value
        from entries as en
        cross join lateral pg_catalog.jsonb_array_elements(
            case when en.is_bad then '[]' else en.entry -> 'changes' end
        ) with ordinality as c (change, ord)
    ),

    shaped as materialized (
        select
            ch.*,
            case
                when ch.field is null or pg_catalog.length(ch.field) not between 1 and 128
                    then pg_catalog.format('%s is not an object with a field name', ch.path)
                when ch.field <> 'messages' then null
                when pg_catalog.jsonb_typeof(ch.value) is distinct from 'object'
                    then pg_catalog.format('%s.value is not an object', ch.path)
                -- Keys in alphabetical order; an expression, not a subquery: the later CTEs are
                -- inlined and would run a subquery once per reference.
                else ch.path || '.value: ' || nullif(pg_catalog.concat_ws(
                    ', ',
                    case when pg_catalog.jsonb_typeof(ch.value -> 'contacts') not in ('array', 'null') then 'contacts' end,
                    case when pg_catalog.jsonb_typeof(ch.value -> 'errors') not in ('array', 'null') then 'errors' end,
                    case when pg_catalog.jsonb_typeof(ch.value -> 'messages') not in ('array', 'null') then 'messages' end,
                    case when pg_catalog.jsonb_typeof(ch.value -> 'statuses') not in ('array', 'null') then 'statuses' end
                ), '') || ' must be arrays'
            end as shape_problem
        from changes as ch
    ),

    counted as materialized (
        select
            s.*,
            case when s.shape_problem is null and s.field = 'messages' then coalesce(nullif(s.value -> 'messages', 'null'), '[]') else '[]' end
                as messages,
            case when s.shape_problem is null and s.field = 'messages' then coalesce(nullif(s.value -> 'statuses', 'null'), '[]') else '[]' end
                as statuses,
            case when s.shape_problem is null and s.field = 'messages' then coalesce(nullif(s.value -> 'errors', 'null'), '[]') else '[]' end
                as errors
        from shaped as s
    ),

    checked as (
        select
            c.body_index,
            c.entry_i,
            c.change_i,
            c.path,
            c.value,
            case when c.field = 'messages' then pg_catalog.jsonb_array_length(c.messages) end as message_count,
            case when c.field = 'messages' then pg_catalog.jsonb_array_length(c.statuses) end as status_count,
            case
                when c.shape_problem is not null then c.shape_problem
                when c.field <> 'messages' then null
                when pg_catalog.jsonb_array_length(c.messages) + pg_catalog.jsonb_array_length(c.statuses) > 0
                    and (wahook_private.ingest_json_text(c.value #> '{metadata,phone_number_id}') ~ '^[A-Za-z0-9_-]{1,64}$')
                    is not true
                    then pg_catalog.format(
                        '%s.value.metadata.phone_number_id is missing or not 1 to 64 letters, digits, _ or -', c.path
                    )
            end as problem,
            case
                when c.field <> 'messages' then 1
                else greatest(
                    pg_catalog.jsonb_array_length(c.messages) + pg_catalog.jsonb_array_length(c.statuses)
                    + pg_catalog.jsonb_array_length(c.errors),
                    1
                )
            end as item_count,
            c.messages,
            c.statuses
        from counted as c
    ),

    problems as (
        select b.body_index, -1 as entry_i, -1 as change_i, 0 as part, -1::bigint as item_i, b.problem
        from bodies as b
        where b.problem is not null
        union all
        select
            en.body_index, en.entry_i, -1, 0, -1,
            pg_catalog.format('entry[%s] is not an object with a non-empty changes array', en.entry_i)
        from entries as en
        where en.is_bad
        union all
        select c.body_index, c.entry_i, c.change_i, 0, -1, c.problem
        from checked as c
        where c.problem is not null
        union all
        select
            c.body_index, c.entry_i, c.change_i, 1, m.ord,
            -- The first problem of the message: coalesce stops at the first that is not null.
            coalesce(
                case when pg_catalog.jsonb_typeof(m.message) <> 'object' then m.path || ' is not an object' end,
                wahook_private.ingest_string_problem(m.message, 'id', 512, m.path),
                wahook_private.ingest_string_problem(m.message, 'type', 64, m.path),
                case
                    when wahook_private.ingest_epoch(m.message -> 'timestamp') is null
                        then m.path || '.timestamp is missing or not Unix seconds'
                end,
                case
                    when (
                        select pg_catalog.length(s.customer_id) <= 256
                        from wahook_private.ingest_message_sender(m.message, c.value -> 'contacts') as s
                    ) is not true
                        then m.path || ' has no sender (from, from_user_id, or a contact wa_id or user_id) '
                            || 'of at most 256 characters'
                end
            )
        from checked as c
        cross join lateral (
            select e.message, e.ord, c.path || '.value.messages[' || (e.ord - 1)::text || ']' as path
            from pg_catalog.jsonb_array_elements(
                case when c.problem is null then c.messages else '[]' end
            ) with ordinality as e (message, ord)
        ) as m
        union all
        select
            c.body_index, c.entry_i, c.change_i, 2, st.ord,
            coalesce(
                case when pg_catalog.jsonb_typeof(st.status) <> 'object' then st.path || ' is not an object' end,
                wahook_private.ingest_string_problem(st.status, 'id', 512, st.path),
                wahook_private.ingest_string_problem(st.status, 'status', 64, st.path),
                case
                    when st.status -> 'timestamp' is not null
                        and wahook_private.ingest_epoch(st.status -> 'timestamp') is null
                        then st.path || '.timestamp is not Unix seconds'
                end,
                case
                    when (pg_catalog.length(coalesce(
                        wahook_private.ingest_json_text(st.status -> 'recipient_id'),
                        wahook_private.ingest_json_text(st.status -> 'recipient_user_id')
                    )) not between 1 and 256) is not false
                        then st.path || ' has no recipient_id or recipient_user_id of 1 to 256 characters'
                end
            )
        from checked as c
        cross join lateral (
            select e.status, e.ord, c.path || '.value.statuses[' || (e.ord - 1)::text || ']' as path
            from pg_catalog.jsonb_array_elements(
                case when c.problem is null then c.statuses else '[]' end
            ) with ordinality as e (status, ord)
        ) as st
    ),

    -- Rows without a problem sort last rather than being filtered out: a filter would be pushed
    -- into each branch above and evaluate every problem expression twice.
    firsts as (
        select distinct on (p.body_index) p.body_index, p.problem
        from problems as p
        order by p.body_index, p.problem is null, p.entry_i, p.change_i, p.part, p.item_i
    )

    -- At most 1,000 items a body: a real notification carries a few (the public fixtures three at
    -- most), and the cap bounds what one body can cost to check and ingest.
    select
        b.body_index,
        case when f.problem is null and n.item_count <= 1000 then n.item_count end,
        coalesce(
            f.problem,
            case when n.item_count > 1000 then
                pg_catalog.format('the body carries %s items; at most 1000 are accepted', n.item_count)
            end
        )
    from bodies as b
    left join firsts as f on b.body_index = f.body_index
    cross join lateral (
        select pg_catalog.sum(c.item_count)::integer as item_count
        from checked as c
        where c.body_index = b.body_index
    ) as n
    order by b.body_index
$$;

comment on function wahook_private.ingest_check_bodies(jsonb []) is
'Ingest helper: checks each body of p_payloads as wahook_private.ingest_check_body does, in one query, without raising. Returns one row per body in order: (body_index from 1, item_count, null) for a valid body, item_count being the number of result rows process_message gives for it, or (body_index, null, problem) naming the first problem and its path, or that the body carries more than 1,000 items.';
