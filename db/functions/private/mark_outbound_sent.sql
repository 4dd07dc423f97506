-- The one home of record_outbound_sent's rules, without raising, so that record_outbound_sents can
-- report a refused row without failing its neighbours (and without a subtransaction per row).
-- The sender got a wamid from the Graph API for reply p_outbound_id: the reply is sent. Status
-- webhooks that arrived before this (stored unmatched by process_message) are applied now, in rank
-- order. Idempotent: the sender retries when it cannot tell whether it committed, so the same wamid
-- again gives the reply's status and changes nothing.
-- A refusal (o_sqlstate set) is decided before anything is written.
create or replace function wahook_private.mark_outbound_sent(
    p_conversation_id bigint,
    p_outbound_id bigint,
    p_wamid text,
    out o_status text,
    out o_sqlstate text,
    out o_message text,
    out o_hint text
)
language plpgsql set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_reply wahook_private.outbound_messages;
    v_event_ids bigint [];
    v_statuses text [];
    v_wa_timestamps timestamptz [];
    v_errors jsonb [];
    v_outcomes text [];
begin
    if p_conversation_id is null or p_outbound_id is null or p_wamid is null
        or pg_catalog.length(p_wamid) not between 1 and 512 then
        o_sqlstate := 'WH002';
        o_message := 'record_outbound_sent needs a conversation id, an outbound id and a wamid of 1 to 512 characters';
        o_hint := 'Pass the wamid of messages[0].id of the Graph API answer.';
        return;
    end if;

    -- The wamid lock first (as process_message takes it), then the row.
    perform wahook_private.ingest_lock_outbound_wamid(p_conversation_id, p_wamid);

    select o.* into v_reply
    from wahook_private.outbound_messages as o
    where o.conversation_id = p_conversation_id and o.id = p_outbound_id
    for update;

    if not found
        or v_reply.wamid is distinct from p_wamid and (v_reply.wamid is not null or v_reply.status not in ('sending', 'unknown'))
    then
        o_sqlstate := 'WH040';
        o_message := pg_catalog.format(
            'outbound message %s of conversation %s cannot be recorded as sent with wamid %s (%s)',
            p_outbound_id, p_conversation_id, p_wamid,
            case
                when v_reply.id is null then 'no such reply'
                when v_reply.wamid is not null then 'it was sent as ' || v_reply.wamid
                else 'it is ' || v_reply.status
            end
        );
        o_hint := 'Record a send once, for a reply claimed by claim_outbound_messages (sending) or left unknown.';
        return;
    end if;

    if v_reply.wamid is null then
        if exists (
            select from wahook_private.outbound_messages as o
            where o.conversation_id = p_conversation_id and o.wamid = p_wamid
        ) then
            o_sqlstate := 'WH002';
            o_message := pg_catalog.format(
                'wamid %s is already recorded for another reply of conversation %s', p_wamid, p_conversation_id
            );
            o_hint := 'A wamid names one message: pass the wamid Meta returned for this reply.';
            return;
        end if;

        -- From sending, or from unknown (the send was recorded after its sending timeout).
        update wahook_private.outbound_messages as o
        set status = 'sent',
            wamid = p_wamid,
            sent_at = v_now,
            sender = null,
            sending_expires_at = null,
            updated_at = v_now
        where o.conversation_id = p_conversation_id and o.id = p_outbound_id;
    end if;

    -- One call for all of them: ingest_apply_statuses judges each against what the earlier left.
    select
        pg_catalog.array_agg(e.id order by r.rank nulls last, e.wa_timestamp, e.id),
        pg_catalog.array_agg(e.status order by r.rank nulls last, e.wa_timestamp, e.id),
        pg_catalog.array_agg(e.wa_timestamp order by r.rank nulls last, e.wa_timestamp, e.id),
        pg_catalog.array_agg(e.errors order by r.rank nulls last, e.wa_timestamp, e.id)
    into v_event_ids, v_statuses, v_wa_timestamps, v_errors
    from wahook_private.outbound_status_events as e
    cross join lateral (select wahook_private.ingest_status_rank(e.status) as rank) as r
    where e.conversation_id = p_conversation_id and e.wamid = p_wamid and e.outcome = 'unmatched';

    if v_event_ids is not null then
        v_outcomes := wahook_private.ingest_apply_statuses(
            pg_catalog.array_fill(p_conversation_id, array[pg_catalog.cardinality(v_event_ids)]),
            pg_catalog.array_fill(p_outbound_id, array[pg_catalog.cardinality(v_event_ids)]),
            v_statuses, v_wa_timestamps, v_errors
        );
        update wahook_private.outbound_status_events as e
        set outcome = x.outcome,
            applied_at = case when x.outcome = 'applied' then v_now end
        -- Multi-argument unnest is ROWS FROM syntax, not a pg_catalog function: it cannot be qualified.
        from unnest(v_event_ids, v_outcomes) as x (id, outcome)
        where e.conversation_id = p_conversation_id and e.id = x.id;
    end if;

    select o.status into strict o_status
    from wahook_private.outbound_messages as o
    where o.conversation_id = p_conversation_id and o.id = p_outbound_id;
end
$$;

comment on function wahook_private.mark_outbound_sent(bigint, bigint, text) is
'Records reply p_outbound_id of conversation p_conversation_id as sent with p_wamid, as record_outbound_sent describes, and returns its status afterwards (o_status); or, changing nothing, a refusal: o_sqlstate WH002 (an argument missing, a wamid longer than 512 characters or of another reply) or WH040 (no such reply, it has another wamid, or it is neither sending nor unknown) with o_message and o_hint.';
