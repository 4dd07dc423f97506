-- Settles replies by the callback data their status webhooks echo.
-- A reply whose send is ambiguous (unknown: the Graph call timed out after the request went out,
-- or its sender died; sending: its answer is not recorded yet) has no wamid, so statuses, matched
-- to the outbox by wamid, cannot find it. Each reply is sent with biz_opaque_callback_data
-- (wahook_private.outbound_callback_data) and Meta echoes it in every status of that send, whose id
-- is the wamid: such a reply is recorded sent with that wamid exactly as the sender records an
-- answer (wahook_private.mark_outbound_sent, which also applies statuses stored unmatched), and the
-- statuses then apply to it as usual. Each settled reply gets an entry with code
-- confirmed_by_status in its errors, so how it was settled stays visible.
-- Only a status of the reply's own conversation settles it: the conversation comes from the
-- status's recipient, so callback data naming another conversation's reply changes nothing. A
-- reply that already has a wamid, or is in any other state, is left alone.
-- Called by ingest_bodies under the status wamid locks (ingest_lock_outbound_wamid), before the
-- statuses are matched; mark_outbound_sent takes the same wamid lock, then the row.
create or replace function wahook_private.settle_outbound_by_callback(p_items wahook_private.ingest_item [])
returns integer
language plpgsql set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_reply record;
    v_sent record;
    v_settled integer := 0;
begin
    for v_reply in
        select distinct on (o.conversation_id, o.id) o.conversation_id, o.id, i.external_id as wamid, i.item_type
        from pg_catalog.unnest(p_items) as i
        -- Digits capped so that the cast cannot overflow; the key is compared as the text it was sent as.
        cross join lateral pg_catalog.regexp_match(
            i.item ->> 'biz_opaque_callback_data', '^wahook:(-?[0-9]{1,19}):([0-9]{1,18})$'
        ) as m (part)
        inner join wahook_private.outbound_messages as o
            on o.conversation_id = i.conversation_id and o.id = m.part[2]::bigint
        where i.kind = 'status'
            and i.external_id is not null
            and m.part[1] = i.conversation_id::text
            and o.status in ('unknown', 'sending')
            and o.wamid is null
        order by o.conversation_id, o.id, i.body_index, i.item_index
    loop
        select r.o_status, r.o_sqlstate into v_sent
        from wahook_private.mark_outbound_sent(v_reply.conversation_id, v_reply.id, v_reply.wamid) as r;
        -- A refusal (the wamid is another reply's, or the reply changed meanwhile) leaves it as it is.
        continue when v_sent.o_sqlstate is not null;

        update wahook_private.outbound_messages as o
        set errors = o.errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
            'attempt', o.attempt_count,
            'at', v_now,
            'code', 'confirmed_by_status',
            'message', pg_catalog.format(
                'a %s status webhook named this reply by its callback data: sent as %s',
                coalesce(v_reply.item_type, 'unnamed'), v_reply.wamid
            )
        ))
        where o.conversation_id = v_reply.conversation_id and o.id = v_reply.id;
        v_settled := v_settled + 1;
    end loop;
    return v_settled;
end
$$;

comment on function wahook_private.settle_outbound_by_callback(wahook_private.ingest_item []) is
'Ingest helper: for each status item of p_items whose biz_opaque_callback_data names (wahook_private.outbound_callback_data) a reply of the status''s own conversation that is unknown or sending and has no wamid, records that reply sent with the status''s id as its wamid (wahook_private.mark_outbound_sent) and appends an errors entry with code confirmed_by_status. Returns how many replies it settled. The caller holds the status wamid locks. Raises nothing of its own.';
