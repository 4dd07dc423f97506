-- An operator settles a reply whose send is unknown (or that failed) by hand:
-- * sent: the operator saw it arrive. It becomes sent (sent_at now unless known), keeping its wamid
--   if it has one (an unknown reply has none: the constraint allows that for a reply resolved by
--   hand, resolved_at). Status webhooks still move a reply with a wamid forward.
-- * failed: give up on it (failed_at kept if it had failed already).
-- * resend: the operator is sure it never arrived: queued again, due now, with a fresh set of
--   attempts (attempt_count 0, as replay_dlq does for messages). A wamid of an earlier try (a reply
--   Meta reported failed) is cleared, kept in the error entry, so the new send can record its own.
-- Each resolution appends {attempt, at, code resolved_<resolution>, message} to errors, sets
-- resolved_at, and wakes the senders (NOTIFY wahook_outbox): the later replies of the conversation,
-- held back by an unknown one, or the resent one, may leave now.
-- The reply is named by its conversation and its id, the outbox's primary key: like every function
-- that touches one conversation it takes the conversation, so the outbox can be distributed by it;
-- each lookup filters by both. Locks: the wamid lock first when the reply has a wamid (as
-- process_message and record_outbound_sent take it), then the row, re-checked under its lock.
create or replace function wahook.resolve_outbound_message(
    p_conversation_id bigint,
    p_outbound_id bigint,
    p_resolution text,
    p_note text default null
)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_wamid text;
    v_reply wahook_private.outbound_messages;
    v_status text;
    v_entry jsonb;
begin
    if p_conversation_id is null then
        raise exception using
            errcode = 'WH002',
            message = 'p_conversation_id must name the conversation of the reply',
            hint = 'The conversation of the reply in the outbox (wahook_private.outbound_messages.conversation_id).';
    end if;
    if p_outbound_id is null then
        raise exception using
            errcode = 'WH002',
            message = 'p_outbound_id must name a reply',
            hint = 'The id of the reply in the outbox (wahook_private.outbound_messages.id).';
    end if;
    if p_resolution is null or p_resolution not in ('sent', 'failed', 'resend') then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format(
                'p_resolution must be sent, failed or resend, not %s', coalesce(p_resolution, '(null)')
            ),
            hint = 'sent: it arrived; failed: give it up; resend: it never arrived, send it again now.';
    end if;

    select o.wamid into v_wamid
    from wahook_private.outbound_messages as o
    where o.conversation_id = p_conversation_id
        and o.id = p_outbound_id
        and o.status in ('unknown', 'failed');

    if v_wamid is not null then
        perform wahook_private.ingest_lock_outbound_wamid(p_conversation_id, v_wamid);
    end if;

    select o.* into v_reply
    from wahook_private.outbound_messages as o
    where o.conversation_id = p_conversation_id
        and o.id = p_outbound_id
        and o.status in ('unknown', 'failed')
    for update;

    if not found then
        select o.status into v_status
        from wahook_private.outbound_messages as o
        where o.conversation_id = p_conversation_id and o.id = p_outbound_id;
        raise exception using
            errcode = 'WH040',
            message = pg_catalog.format(
                'outbound message %s of conversation %s cannot be resolved (%s)',
                p_outbound_id,
                p_conversation_id,
                case
                    when v_status is null then 'no such reply in this conversation'
                    else 'it is ' || v_status
                end
            ),
            hint = 'Only an unknown or failed reply is resolved by hand.';
    end if;

    if p_resolution = 'resend' and v_reply.body = '{}'::jsonb then
        raise exception using
            errcode = 'WH040',
            message = pg_catalog.format(
                'outbound message %s of conversation %s cannot be resent: its body was cleared by retention',
                p_outbound_id,
                p_conversation_id
            ),
            hint = 'settings.payload_retention_days clears the body of failed replies; it cannot be sent again.';
    end if;

    v_entry := pg_catalog.jsonb_build_object(
        'attempt', v_reply.attempt_count,
        'at', v_now,
        'code', 'resolved_' || p_resolution,
        'message', 'resolved by hand: '
        || case p_resolution
            when 'sent' then 'an operator confirmed it arrived'
            when 'failed' then 'an operator gave it up'
            else 'an operator queued it again'
        end
        || coalesce(': ' || pg_catalog.left(p_note, 2000), '')
    );
    if p_resolution = 'resend' and v_reply.wamid is not null then
        v_entry := v_entry || pg_catalog.jsonb_build_object('previous_wamid', v_reply.wamid);
    end if;

    update wahook_private.outbound_messages as o
    set status = case p_resolution when 'resend' then 'queued' else p_resolution end,
        wamid = case when p_resolution = 'resend' then null else o.wamid end,
        attempt_count = case when p_resolution = 'resend' then 0 else o.attempt_count end,
        next_attempt_at = case when p_resolution = 'resend' then v_now else o.next_attempt_at end,
        sender = null,
        sending_expires_at = null,
        sent_at = case p_resolution
            when 'sent' then coalesce(o.sent_at, v_now)
            when 'failed' then o.sent_at
        end,
        delivered_at = case when p_resolution = 'resend' then null else o.delivered_at end,
        read_at = case when p_resolution = 'resend' then null else o.read_at end,
        failed_at = case when p_resolution = 'failed' then coalesce(o.failed_at, v_now) end,
        errors = o.errors || pg_catalog.jsonb_build_array(v_entry),
        resolved_at = v_now,
        updated_at = v_now
    where o.conversation_id = p_conversation_id and o.id = p_outbound_id
    returning o.status into strict v_status;

    perform pg_catalog.pg_notify('wahook_outbox', '');
    return v_status;
end
$$;

comment on function wahook.resolve_outbound_message(bigint, bigint, text, text) is
'Settles by hand reply p_outbound_id (an outbox id) of conversation p_conversation_id (the outbox''s primary key is both), which must be unknown (its send may or may not have happened) or failed. p_resolution sent: an operator saw it arrive; it becomes sent (sent_at now unless known; an unknown reply has no wamid and keeps none). failed: given up (failed_at now unless it had failed). resend: it surely never arrived; queued again, due now, with attempt_count 0 (a wamid of an earlier try is cleared). Appends {attempt, at, code: resolved_sent | resolved_failed | resolved_resend, message: with p_note} to its errors (and previous_wamid for a resend that cleared one), sets resolved_at, and notifies channel wahook_outbox, as the later replies of its conversation, held back by an unknown one, may now leave. Returns the reply''s status afterwards (sent, failed or queued). Raises WH002 for a null p_conversation_id or p_outbound_id, or a p_resolution other than sent, failed or resend; WH040 when the reply does not exist in conversation p_conversation_id, is neither unknown nor failed, or is to be resent but its body was cleared by retention.';
