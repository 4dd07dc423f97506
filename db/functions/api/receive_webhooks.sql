-- The acknowledgement path: many webhook bodies (the requests that arrived together) checked and
-- stored in the inbox in one transaction, so one commit serves them all. Each body is judged alone:
-- one that is not UTF-8 JSON or not a WhatsApp notification gets its error row and is not stored,
-- without failing its neighbours. The batch is parsed and checked in two statements
-- (wahook_private.ingest_check_bodies), in one subtransaction for the batch; only when some body
-- does not even parse as JSON does it fall back to a subtransaction per body to tell which. The
-- checks are read-only, so their subtransactions take no transaction id; the insert of the good
-- bodies is one statement after them.
-- Parsing, deduplication and queueing happen behind the acknowledgement, in wahook.ingest_inbox.
create or replace function wahook.receive_webhooks(p_bodies bytea [], p_correlation_ids text [] default null)
returns table (body_index integer, item_count integer, error_sqlstate text, error_message text)
-- The check (wahook_private.ingest_check_bodies) inlines here: a generic plan, kept for the session.
language plpgsql security definer set plan_cache_mode = force_generic_plan set jit = off set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_count integer := coalesce(pg_catalog.cardinality(p_bodies), 0);
    v_payload jsonb;
    v_items integer;
    v_indexes integer [] := '{}'::integer [];
    v_payloads jsonb [] := '{}'::jsonb [];
    v_item_counts integer [] := '{}'::integer [];
    v_problems text [];
begin
    if p_correlation_ids is not null and coalesce(pg_catalog.cardinality(p_correlation_ids), 0) <> v_count then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format(
                'receive_webhooks got %s correlation ids for %s bodies',
                coalesce(pg_catalog.cardinality(p_correlation_ids), 0), v_count
            ),
            hint = 'Pass one correlation id per body (null entries are allowed), or none.';
    end if;

    if v_count = 0 then
        return;
    end if;

    begin
        select pg_catalog.array_agg(pg_catalog.convert_from(b.body, 'UTF8')::jsonb order by b.i)
        into v_payloads
        from pg_catalog.unnest(p_bodies) with ordinality as b (body, i);
        select pg_catalog.array_agg(c.item_count order by c.body_index), pg_catalog.array_agg(c.problem order by c.body_index)
        into v_item_counts, v_problems
        from wahook_private.ingest_check_bodies(v_payloads) as c;
    exception
        -- Some body is not UTF-8 or not JSON Postgres can store: find which, body by body, below.
        when data_exception or statement_too_complex or program_limit_exceeded then
            v_problems := null;
    end;

    if v_problems is not null then
        return query
        select
            (b.i - 1)::integer,
            b.item_count,
            case when b.problem is not null then 'WH001' end,
            'invalid WhatsApp webhook body: ' || b.problem
        from unnest(v_item_counts, v_problems) with ordinality as b (item_count, problem, i)
        order by b.i;

        insert into wahook_private.webhook_inbox (received_at, correlation_id, payload, item_count)
        select v_now, p_correlation_ids[b.i], b.payload, b.item_count
        from unnest(v_payloads, v_item_counts, v_problems) with ordinality as b (payload, item_count, problem, i)
        where b.problem is null
        order by b.i;
        return;
    end if;

    v_payloads := '{}'::jsonb [];
    v_item_counts := '{}'::integer [];
    for v_i in 1..v_count loop
        begin
            v_payload := pg_catalog.convert_from(p_bodies[v_i], 'UTF8')::jsonb;
            v_items := wahook_private.ingest_check_body(v_payload);
            v_indexes := v_indexes || (v_i - 1);
            v_payloads := v_payloads || v_payload;
            v_item_counts := v_item_counts || v_items;
            body_index := v_i - 1;
            item_count := v_items;
            error_sqlstate := null;
            error_message := null;
        exception
            -- Not a WhatsApp notification (WH001), not UTF-8 or not JSON Postgres can store (class
            -- 22: a NUL escape, a number beyond numeric's range), nested too deep (54001).
            when sqlstate 'WH001' or data_exception or statement_too_complex or program_limit_exceeded then
                body_index := v_i - 1;
                item_count := null;
                error_sqlstate := sqlstate;
                error_message := sqlerrm;
        end;
        return next;
    end loop;

    -- Identity values follow the insert's order, which is the order the bodies arrived in.
    insert into wahook_private.webhook_inbox (received_at, correlation_id, payload, item_count)
    select v_now, p_correlation_ids[b.i + 1], b.payload, b.item_count
    -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
    from unnest(v_indexes, v_payloads, v_item_counts) as b (i, payload, item_count)
    order by b.i;
end
$$;

comment on function wahook.receive_webhooks(bytea [], text []) is
'Acknowledgement path of the webhook endpoint: checks each raw body of p_bodies (UTF-8 JSON, then the check wahook.process_message makes, wahook_private.ingest_check_bodies) and stores the good ones in the inbox with p_correlation_ids[i] in one transaction, in body order; wahook.ingest_inbox ingests them behind. Returns one row per body in order: (body_index 0-based, item_count, null, null) when stored, or (body_index, null, error_sqlstate, error_message) when refused and not stored: WH001 for a body that is not a WhatsApp Business Account notification of the expected shape, a class 22 SQLSTATE for one that is not UTF-8 JSON that Postgres can store, 54001 for one nested too deep. Raises WH002 when p_correlation_ids does not have one entry per body.';
