-- Brings dead messages back once the cause is fixed: pending again with a fresh set of attempts,
-- in their original place in the conversation's order (wa_timestamp), so the next turn takes them.
-- Conversations are locked in id order, so two replays cannot deadlock.
create or replace function wahook.replay_dlq(
    p_dlq_ids bigint [] default null,
    p_conversation_id bigint default null
)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation_id bigint;
    v_state text;
    v_ids bigint [];
    v_count integer := 0;
begin
    for v_conversation_id, v_state in
        select c.conversation_id, c.state
        from wahook_private.webhook_conversations as c
        where c.conversation_id in (
            select d.conversation_id
            from wahook_private.webhook_dlq as d
            where d.status = 'dead'
                and (p_dlq_ids is null or d.id = any(p_dlq_ids))
                and (p_conversation_id is null or d.conversation_id = p_conversation_id)
        )
        order by c.conversation_id
        for update
    loop
        select pg_catalog.array_agg(m.id)
        into v_ids
        from wahook_private.webhook_dlq as d
        inner join wahook_private.processed_webhook_messages as m
            on m.conversation_id = d.conversation_id and m.id = d.message_id
        where d.conversation_id = v_conversation_id
            and d.status = 'dead'
            and m.status = 'dead'
            and (p_dlq_ids is null or d.id = any(p_dlq_ids));

        continue when v_ids is null;

        perform wahook_private.transition_messages(
            v_conversation_id, v_ids, 'dead', 'pending', 'replayed from the DLQ'
        );
        update wahook_private.processed_webhook_messages as m
        set attempt_count = 0
        where m.conversation_id = v_conversation_id and m.id = any(v_ids);

        update wahook_private.webhook_dlq as d
        set status = 'replayed',
            replayed_at = v_now
        where d.conversation_id = v_conversation_id and d.message_id = any(v_ids);

        -- idle becomes pending; a conversation that is busy, waiting or paused takes them in its turn.
        if v_state = 'idle' then
            perform wahook_private.settle_conversation(v_conversation_id, 'idle', 'replayed from the DLQ');
        end if;
        v_count := v_count + pg_catalog.cardinality(v_ids);
    end loop;

    if v_count = 0 then
        raise exception using
            errcode = 'WH030',
            message = 'no dead DLQ entry matches',
            hint = 'See the view wahook.webhook_dlq_status for the dead entries.';
    end if;
    return v_count;
end
$$;

comment on function wahook.replay_dlq(bigint [], bigint) is
'Replays dead DLQ entries: those of p_dlq_ids and/or of conversation p_conversation_id (with neither, every dead entry). Their messages go back to pending with attempt_count reset to 0 (in their original order), the DLQ rows become replayed, and idle conversations become pending. Returns the number of messages replayed. Raises WH030 when no dead entry matches.';
