-- Stuck-work repair, run every few minutes (pg_cron, or run_maintenance which holds the singleton
-- lock). Each row is taken with `for update skip locked`, so this never waits on a worker or on
-- ingest and leaves what they hold to them; whatever it skips, the next run sees.
-- * processing with an expired lease: released exactly as a take-over by claim_conversation would.
-- * pending or retry_wait with nothing pending: idle. idle with messages pending: pending.
-- * agent_turns still running whose lease is gone: abandoned.
-- * replies in sending past settings.outbox_sending_timeout_seconds: unknown. They are not resent at
--   once: Meta may have accepted them, and a status webhook carrying their callback data would
--   settle them as sent (wahook_private.settle_outbound_by_callback).
-- * replies unknown for settings.outbound_unknown_settle_seconds since their last change, which no
--   status named: queued again, due now, while attempt_count <= settings.retry_max_attempts (error
--   code unconfirmed_resent), else failed (unconfirmed). Until then the reply holds back the later
--   replies of its conversation (claim_outbound_messages); either way they may go now, so senders
--   are woken (NOTIFY wahook_outbox). An operator may settle one sooner: wahook.resolve_outbound_message.
-- * handoffs and takeovers quiet for settings.handoff_quiet_minutes: back to the agent
--   (wahook_private.resume_quiet_handoffs).
create or replace function wahook.cleanup_stuck_conversations()
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation_id bigint;
    v_state text;
    v_leases integer := 0;
    v_dead integer := 0;
    v_idle integer := 0;
    v_pending integer := 0;
    v_turns integer;
    v_replies integer;
    v_unconfirmed integer;
    v_resent integer;
    v_resumed integer;
    v_settle_seconds integer;
begin
    for v_conversation_id in
        select c.conversation_id
        from wahook_private.webhook_conversations as c
        where c.state = 'processing' and c.lease_expires_at <= v_now
        order by c.lease_expires_at
        for update skip locked
    loop
        v_dead := v_dead + coalesce(
            wahook_private.release_expired_lease(v_conversation_id, 'lease expired: freed by cleanup', 'cleanup'),
            0
        );
        v_leases := v_leases + 1;
    end loop;

    for v_conversation_id, v_state in
        select c.conversation_id, c.state
        from wahook_private.webhook_conversations as c
        where (
            c.state in ('pending', 'retry_wait')
            and not exists (
                select from wahook_private.processed_webhook_messages as m
                where m.conversation_id = c.conversation_id and m.status = 'pending'
            )
        ) or (
            c.state = 'idle'
            and exists (
                select from wahook_private.processed_webhook_messages as m
                where m.conversation_id = c.conversation_id and m.status = 'pending'
            )
        )
        for update skip locked
    loop
        if wahook_private.settle_conversation(
            v_conversation_id, v_state, 'repair by cleanup', 'cleanup'
        ) = 'idle' then
            v_idle := v_idle + 1;
        else
            v_pending := v_pending + 1;
        end if;
    end loop;

    update wahook_private.agent_turns as t
    set status = 'abandoned',
        finished_at = greatest(v_now, t.started_at),
        error_code = coalesce(t.error_code, 'lease_lost'),
        error_message = coalesce(t.error_message, 'the turn''s lease is gone')
    where t.status = 'running'
        and not exists (
            select from wahook_private.webhook_conversations as c
            where c.conversation_id = t.conversation_id
                and c.state = 'processing'
                and c.lease_token = t.lease_token
        );
    get diagnostics v_turns = row_count;

    update wahook_private.outbound_messages as o
    set status = 'unknown',
        sender = null,
        sending_expires_at = null,
        errors = o.errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
            'at', v_now,
            'code', 'sending_timeout',
            'message', pg_catalog.format('still sending after %s seconds (sender %s)', s.outbox_sending_timeout_seconds, o.sender)
        )),
        updated_at = v_now
    from wahook_private.settings as s
    where o.status = 'sending'
        and o.updated_at <= v_now - pg_catalog.make_interval(secs => s.outbox_sending_timeout_seconds);
    get diagnostics v_replies = row_count;

    -- updated_at of an unknown reply is when it became unknown (nothing changes it meanwhile), so
    -- the replies made unknown just above are not settled in the same run.
    select s.outbound_unknown_settle_seconds into strict v_settle_seconds from wahook_private.settings as s;

    -- No status webhook named these replies by their callback data in the settle time, so Meta
    -- almost surely never accepted the send (see settings.outbound_unknown_settle_seconds): they are
    -- sent again, due now, while they have attempts left (the claim counts each send), else failed
    -- as unconfirmed; either way the later replies of their conversation are no longer held back.
    with unconfirmed as (
        select o.conversation_id, o.id, o.attempt_count <= s.retry_max_attempts as resend
        from wahook_private.outbound_messages as o
        cross join wahook_private.settings as s
        where o.status = 'unknown'
            and o.updated_at <= v_now - pg_catalog.make_interval(secs => v_settle_seconds)
        for update of o skip locked
    ),

    settled as (
        update wahook_private.outbound_messages as o
        set status = case when u.resend then 'queued' else 'failed' end,
            next_attempt_at = case when u.resend then v_now else o.next_attempt_at end,
            failed_at = case when not u.resend then v_now end,
            errors = o.errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                'attempt', o.attempt_count,
                'at', v_now,
                'code', case when u.resend then 'unconfirmed_resent' else 'unconfirmed' end,
                'message', pg_catalog.format(
                    'no status webhook named this reply in the %s seconds since its send became unknown: %s',
                    v_settle_seconds,
                    case when u.resend then 'sent again' else 'failed, out of attempts' end
                )
            )),
            updated_at = v_now
        from unconfirmed as u
        where o.conversation_id = u.conversation_id
            and o.id = u.id
            and o.status = 'unknown'
        returning u.resend
    )

    select count(*) filter (where s.resend), count(*) filter (where not s.resend)
    into v_resent, v_unconfirmed
    from settled as s;

    if v_resent + v_unconfirmed > 0 then
        -- The replies they held back may leave now.
        perform pg_catalog.pg_notify('wahook_outbox', '');
    end if;

    v_resumed := wahook_private.resume_quiet_handoffs();

    return pg_catalog.jsonb_build_object(
        'expired_leases_released', v_leases,
        'messages_dead', v_dead,
        'conversations_made_idle', v_idle,
        'conversations_made_pending', v_pending,
        'turns_abandoned', v_turns,
        'replies_marked_unknown', v_replies,
        'replies_resent_unconfirmed', v_resent,
        'replies_failed_unconfirmed', v_unconfirmed,
        'handoffs_resumed', v_resumed
    );
end
$$;

comment on function wahook.cleanup_stuck_conversations() is
'Repairs stuck work, skipping rows others hold: frees expired leases (messages back to pending counting a failed attempt, or dead when out of attempts; turn abandoned; audit rows written), moves pending or retry_wait conversations with nothing pending to idle and idle ones with pending messages to pending, abandons running turns whose lease is gone, marks replies left in sending past settings.outbox_sending_timeout_seconds as unknown (not resent at once: a status webhook with their callback data settles them as sent), and settles replies unknown for settings.outbound_unknown_settle_seconds since their last change that no status named: queued again, due now, while attempt_count <= settings.retry_max_attempts (errors entry with code unconfirmed_resent), else failed (code unconfirmed); the later replies of their conversation may then leave, and senders are notified on channel wahook_outbox; and gives conversations paused by a handoff or a takeover back to the agent after settings.handoff_quiet_minutes without human activity (operators'' pauses stay). Returns a jsonb object of counts: expired_leases_released, messages_dead, conversations_made_idle, conversations_made_pending, turns_abandoned, replies_marked_unknown, replies_resent_unconfirmed, replies_failed_unconfirmed, handoffs_resumed. Raises nothing of its own.';
