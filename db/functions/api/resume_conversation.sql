-- The human hands the conversation back. What arrived meanwhile is answered by the next turn, or
-- discarded (skipped) when the human already dealt with it.
create or replace function wahook.resume_conversation(
    p_conversation_id bigint,
    p_discard_pending boolean default false,
    p_actor text default null
)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_state text;
    v_ids bigint [];
begin
    v_state := (wahook_private.lock_conversation(p_conversation_id)).state;
    if v_state <> 'paused' then
        raise exception using
            errcode = 'WH013',
            message = pg_catalog.format('conversation %s is %s, not paused', p_conversation_id, v_state);
    end if;

    if coalesce(p_discard_pending, false) then
        select pg_catalog.array_agg(m.id)
        into v_ids
        from wahook_private.processed_webhook_messages as m
        where m.conversation_id = p_conversation_id and m.status = 'pending';

        if v_ids is not null then
            perform wahook_private.transition_messages(
                p_conversation_id, v_ids, 'pending', 'skipped', 'discarded on resume'
            );
            -- A discarded message will not be retried: its DLQ entry is settled.
            perform wahook_private.resolve_dlq_entries(
                pg_catalog.array_fill(p_conversation_id, array[pg_catalog.cardinality(v_ids)]), v_ids, v_now
            );
        end if;
    end if;

    return wahook_private.settle_conversation(p_conversation_id, 'paused', 'resumed', p_actor);
end
$$;

comment on function wahook.resume_conversation(bigint, boolean, text) is
'Resumes a paused conversation: pending if messages wait (claimable at once, within the turns-per-minute limit), else idle. With p_discard_pending the waiting messages are skipped instead (their DLQ rows resolved). Returns the new state. Raises WH013 when the conversation is not paused, WH011 when it does not exist.';
