-- Replies due to be sent, moved to sending and held by p_sender until sending_expires_at. The body
-- returned is the one to POST: the stored message object with the reply's callback data
-- (biz_opaque_callback_data, wahook_private.outbound_callback_data), which Meta echoes in the
-- statuses of the send, so a status can settle the reply even when the sender never learnt its wamid.
-- Order within a conversation: only a conversation's oldest unsettled reply (queued, sending or
-- unknown) may leave, so a later reply never overtakes an earlier one, not even one whose send is
-- in flight, waits for its retry, or is unknown (an unknown reply blocks the conversation's later
-- replies until it settles: resending it at once could answer twice. A status webhook carrying its
-- callback data settles it as sent; without one, cleanup_stuck_conversations queues it again after
-- settings.outbound_unknown_settle_seconds; an operator may resolve it sooner with
-- wahook.resolve_outbound_message).
-- Concurrency: `for update skip locked`, so concurrent senders never wait on each other nor take the
-- same row. The head check reads the claim's snapshot: an earlier reply being claimed by another
-- sender right now is still queued there, so the later one is not taken; a row whose claim another
-- sender committed meanwhile is re-checked under its lock (status = 'queued') and skipped.
-- The 24-hour customer-service window is decided here, on the engine's clock: a free-form reply
-- (anything but a template) to a customer whose newest message is older than 24 hours, or who never
-- wrote, fails for good in the claim itself (Meta would refuse it with 131047), its attempt counted
-- as a refused send's would be. It is returned with refused_code outside_customer_service_window so
-- that the sender can count and log it, and must not be sent; sendable rows have no refused_code.
-- The pause is checked here again (the claim of turns checked it first): an agent reply queued before
-- the conversation's latest pause is withheld (refused_code withheld_for_human), never sent.
create or replace function wahook.claim_outbound_messages(
    p_sender text,
    p_limit integer default 10,
    p_lease_seconds integer default 60
)
returns table (
    conversation_id bigint,
    outbound_id bigint,
    phone_number_id text,
    recipient text,
    body jsonb,
    attempt_count integer,
    last_inbound_at timestamptz,
    correlation_id text,
    refused_code text
)
language plpgsql security definer set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
begin
    if p_sender is null or pg_catalog.btrim(p_sender) = '' then
        raise exception using errcode = 'WH002', message = 'p_sender must name the sender';
    end if;
    perform wahook_private.check_argument_between('p_limit', p_limit, 1, 1000);
    perform wahook_private.check_argument_between('p_lease_seconds', p_lease_seconds, 1, 3600);

    return query
    with due as (
        select o.conversation_id, o.id,
            o.body ->> 'type' is distinct from 'template'
            and coalesce(w.last_inbound_at < v_now - interval '24 hours', true) as refused,
            -- An agent reply queued before the conversation's latest pause (note_pause): a person
            -- took over meanwhile, so it is withheld, never sent. People's messages always go.
            o.lease_token is not null and o.id <= coalesce(h.withhold_through_outbound_id, 0) as withheld
        from wahook_private.outbound_messages as o
        inner join wahook_private.webhook_conversations as w on o.conversation_id = w.conversation_id
        left join wahook_private.conversation_handoffs as h on o.conversation_id = h.conversation_id
        where o.status = 'queued'
            and o.next_attempt_at <= v_now
            and not exists (
                select
                from wahook_private.outbound_messages as earlier
                where earlier.conversation_id = o.conversation_id
                    and earlier.id < o.id
                    and earlier.status in ('queued', 'sending', 'unknown')
            )
        order by o.next_attempt_at, o.id
        limit p_limit
        for update of o skip locked
    ),

    claimed as (
        update wahook_private.outbound_messages as o
        set status = case when due.withheld then 'withheld' when due.refused then 'failed' else 'sending' end,
            sender = case when not (due.refused or due.withheld) then p_sender end,
            sending_expires_at = case
                when not (due.refused or due.withheld) then v_now + pg_catalog.make_interval(secs => p_lease_seconds)
            end,
            attempt_count = o.attempt_count + case when due.withheld then 0 else 1 end,
            withheld_at = case when due.withheld then v_now end,
            failed_at = case when due.refused and not due.withheld then v_now else o.failed_at end,
            -- As record_outbound_failure appends an error.
            errors = case
                when due.withheld then o.errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                    'attempt', o.attempt_count,
                    'at', v_now,
                    'code', 'withheld_for_human',
                    'message', 'the conversation was paused for a person after this reply was queued'
                ))
                when due.refused then o.errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                    'attempt', o.attempt_count + 1,
                    'at', v_now,
                    'code', 'outside_customer_service_window',
                    'message', 'the customer''s last message is older than 24 hours (or there is none): '
                    || 'only a template message may be sent'
                ))
                else o.errors
            end,
            updated_at = v_now
        from due
        where o.conversation_id = due.conversation_id and o.id = due.id
        returning o.conversation_id, o.id, o.phone_number_id, o.recipient, o.body, o.attempt_count,
            o.next_attempt_at, o.correlation_id, due.refused, due.withheld
    )

    select c.conversation_id, c.id, c.phone_number_id, c.recipient,
        c.body || pg_catalog.jsonb_build_object(
            'biz_opaque_callback_data', wahook_private.outbound_callback_data(c.conversation_id, c.id)
        ),
        c.attempt_count,
        w.last_inbound_at, c.correlation_id,
        case when c.withheld then 'withheld_for_human' when c.refused then 'outside_customer_service_window' end
    from claimed as c
    inner join wahook_private.webhook_conversations as w on w.conversation_id = c.conversation_id
    order by c.next_attempt_at, c.id;
end
$$;

comment on function wahook.claim_outbound_messages(text, integer, integer) is
'Claims up to p_limit queued replies whose next_attempt_at has come, oldest due first, for sender p_sender: each moves to sending, held by p_sender until now + p_lease_seconds, its attempt_count counting this try. Only the oldest unsettled reply (queued, sending or unknown) of a conversation is claimable, so the replies of a conversation leave in order and a later one never overtakes an earlier one (an unknown reply holds the later ones back until a status webhook with its callback data settles it, cleanup_stuck_conversations queues it again after settings.outbound_unknown_settle_seconds, or resolve_outbound_message settles it). Returns one row per claimed reply (conversation_id, outbound_id, phone_number_id, recipient, body: the Graph API message object to send, with biz_opaque_callback_data wahook:<conversation_id>:<outbound_id> added, attempt_count: 1 on the first try, last_inbound_at: the conversation''s newest inbound message, for the 24-hour window, correlation_id, refused_code: null for a reply to send); no row when nothing is due. An agent reply (one with a turn) queued before the conversation''s latest pause (wahook.pause_conversation, a handoff or a takeover echo) is withheld instead: status withheld, withheld_at set, error code withheld_for_human appended, no attempt counted, returned with refused_code withheld_for_human, never to be sent; people''s messages (wahook.send_human_reply) are sent while paused. A free-form reply (body type not template) whose customer''s newest message is older than 24 hours by the engine clock, or who never wrote, fails in the claim (failed_at set, error code outside_customer_service_window appended, attempt counted) and comes back with refused_code outside_customer_service_window: it must not be sent. Raises WH002 for an empty p_sender, a p_limit outside 1..1000 or a p_lease_seconds outside 1..3600.';
