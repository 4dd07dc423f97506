-- Applies status webhooks to known outbound messages, set-based, forward only
-- (wahook_private.ingest_status_applies). Several statuses of one message apply in array order,
-- each judged against the status the earlier ones left, exactly as one call per status would: a
-- recursive query folds them, one step per status of the same message. A status that applies sets
-- the status when it moves forward, records its time once (sent_at, delivered_at, read_at,
-- failed_at) and, when failed, appends its errors; it releases the sender.
-- The caller holds the wamid locks (ingest_lock_outbound_wamid) of the messages; their outbox rows
-- are locked here in (conversation_id, id) order.
create or replace function wahook_private.ingest_apply_statuses(
    p_conversation_ids bigint [],
    p_outbound_ids bigint [],
    p_statuses text [],
    p_wa_timestamps timestamptz [],
    p_errors jsonb []
)
returns text []
-- A generic plan, cached for the session, rather than the recursive query planned on every call.
language plpgsql set jit = off set plan_cache_mode = force_generic_plan set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_outcomes text [];
begin
    perform
    from wahook_private.outbound_messages as o
    where (o.conversation_id, o.id) in (
        select u.conversation_id, u.outbound_id
        -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
        from unnest(p_conversation_ids, p_outbound_ids) as u (conversation_id, outbound_id)
    )
    order by o.conversation_id, o.id
    for update;

    with recursive input as (
        select
            u.ord,
            u.conversation_id,
            u.outbound_id,
            u.status,
            coalesce(u.wa_timestamp, v_now) as at,
            u.errors,
            pg_catalog.row_number() over (partition by u.conversation_id, u.outbound_id order by u.ord) as n
        from unnest(p_conversation_ids, p_outbound_ids, p_statuses, p_wa_timestamps, p_errors)
            with ordinality as u (conversation_id, outbound_id, status, wa_timestamp, errors, ord)
    ),

    fold as (
        select
            o.conversation_id,
            o.id as outbound_id,
            0::bigint as n,
            o.status as current,
            null::bigint as ord,
            null::text as outcome
        from wahook_private.outbound_messages as o
        where (o.conversation_id, o.id) in (select i.conversation_id, i.outbound_id from input as i)
        union all
        select
            f.conversation_id,
            f.outbound_id,
            i.n,
            case
                when a.applies
                    and wahook_private.ingest_status_rank(i.status) > wahook_private.ingest_status_rank(f.current)
                    then i.status
                else f.current
            end,
            i.ord,
            case when a.applies then 'applied' else 'stale' end
        from fold as f
        inner join input as i
            on f.conversation_id = i.conversation_id and f.outbound_id = i.outbound_id and i.n = f.n + 1
        cross join lateral (select wahook_private.ingest_status_applies(f.current, i.status) as applies) as a
    ),

    applied as (
        select i.*
        from fold as f
        inner join input as i on f.ord = i.ord
        where f.outcome = 'applied'
    ),

    changes as (
        select
            a.conversation_id,
            a.outbound_id,
            (
                select f.current from fold as f
                where f.conversation_id = a.conversation_id and f.outbound_id = a.outbound_id
                order by f.n desc
                limit 1
            ) as status,
            (pg_catalog.array_agg(a.at order by a.n) filter (where a.status = 'sent'))[1] as sent_at,
            (pg_catalog.array_agg(a.at order by a.n) filter (where a.status = 'delivered'))[1] as delivered_at,
            (pg_catalog.array_agg(a.at order by a.n) filter (where a.status = 'read'))[1] as read_at,
            (pg_catalog.array_agg(a.at order by a.n) filter (where a.status = 'failed'))[1] as failed_at,
            coalesce(
                (
                    select pg_catalog.jsonb_agg(e.value order by x.n, e.ord)
                    from applied as x
                    cross join lateral pg_catalog.jsonb_array_elements(x.errors) with ordinality as e (value, ord)
                    where x.conversation_id = a.conversation_id and x.outbound_id = a.outbound_id
                        and x.status = 'failed' and pg_catalog.jsonb_typeof(x.errors) = 'array'
                ),
                '[]'
            ) as errors
        from applied as a
        group by a.conversation_id, a.outbound_id
    ),

    changed as (
        update wahook_private.outbound_messages as o
        set status = c.status,
            sender = null,
            sending_expires_at = null,
            sent_at = coalesce(o.sent_at, c.sent_at),
            delivered_at = coalesce(o.delivered_at, c.delivered_at),
            read_at = coalesce(o.read_at, c.read_at),
            failed_at = coalesce(o.failed_at, c.failed_at),
            errors = o.errors || c.errors,
            updated_at = v_now
        from changes as c
        where o.conversation_id = c.conversation_id and o.id = c.outbound_id
        returning o.id
    )

    select pg_catalog.array_agg(f.outcome order by i.ord)
    into v_outcomes
    from input as i
    left join fold as f on i.ord = f.ord;

    if pg_catalog.array_position(v_outcomes, null) is not null then
        raise exception using
            errcode = 'P0002',
            message = 'ingest_apply_statuses: an outbound message to apply a status to does not exist',
            hint = 'Look the outbound message up under its wamid lock, in the same transaction.';
    end if;
    return v_outcomes;
end
$$;

comment on function wahook_private.ingest_apply_statuses(bigint [], bigint [], text [], timestamptz [], jsonb []) is
'Ingest helper: applies status p_statuses[i] (at p_wa_timestamps[i], else now; errors p_errors[i]) to outbound message p_outbound_ids[i] of p_conversation_ids[i], in array order, and returns the outcome of each in that order: applied when wahook_private.ingest_status_applies to the status the earlier entries left (sets status when it moves forward, and sent_at, delivered_at, read_at or failed_at when not set; a failed status appends its errors array; clears the sender), else stale (changes nothing). The caller holds the wamid locks (ingest_lock_outbound_wamid). Raises P0002 when an outbound message does not exist.';
