-- The one home of the claim rules, for one conversation named by its key: claim_conversations finds
-- candidates with a plain read and brings each here, so every lock is taken by equality on
-- conversation_id (distributable: no locking read across conversations).
-- Under the lock the candidate is checked again, since the plain read may be stale: a crashed
-- worker's turn (processing, lease expired) is first released as cleanup_stuck_conversations would,
-- counting a failed attempt; then only pending or retry_wait with available_at come is claimed.
-- `skip locked`: a conversation another transaction holds is not waited for, so concurrent claims
-- never wait on each other nor take the same row.
-- Returns the turn's messages, or null (claiming nothing) when the candidate is locked, no longer
-- ready, held back by the turns-per-minute limit (its available_at moves on), or has nothing pending
-- (repaired to idle).
create or replace function wahook_private.claim_ready_conversation(
    p_conversation_id bigint,
    p_worker text,
    p_lease interval,
    p_correlation_id text default null
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation wahook_private.webhook_conversations;
    v_turns_per_minute integer;
    v_token bigint;
    v_ids bigint [];
    v_messages jsonb;
    v_oldest_received_at timestamptz;
begin
    select c.* into v_conversation
    from wahook_private.webhook_conversations as c
    where c.conversation_id = p_conversation_id
    for update skip locked;

    if not found then
        return null;
    end if;

    if v_conversation.state = 'processing' and v_conversation.lease_expires_at <= v_now then
        perform wahook_private.release_expired_lease(
            p_conversation_id, 'lease expired: taken over by a claim', p_worker
        );
        select c.* into strict v_conversation
        from wahook_private.webhook_conversations as c
        where c.conversation_id = p_conversation_id;
    end if;

    if v_conversation.state not in ('pending', 'retry_wait') or v_conversation.available_at > v_now then
        return null;
    end if;

    -- The turns-per-minute limit holds whoever made the conversation ready.
    if wahook_private.next_turn_at(v_conversation.recent_turn_started_at) > v_now then
        update wahook_private.webhook_conversations as c
        set available_at = wahook_private.next_turn_at(c.recent_turn_started_at)
        where c.conversation_id = p_conversation_id;
        return null;
    end if;

    select
        pg_catalog.array_agg(m.id order by m.wa_timestamp, m.id),
        pg_catalog.jsonb_agg(
            pg_catalog.jsonb_build_object(
                'id', m.id,
                'wamid', m.wamid,
                'type', m.message_type,
                'text', m.text_body,
                'wa_timestamp', m.wa_timestamp,
                'attempt', m.attempt_count + 1,
                'payload', m.payload,
                'correlation_id', m.correlation_id
            )
            order by m.wa_timestamp, m.id
        ),
        pg_catalog.min(m.received_at)
    into v_ids, v_messages, v_oldest_received_at
    from wahook_private.processed_webhook_messages as m
    where m.conversation_id = p_conversation_id and m.status = 'pending';

    if v_ids is null then
        -- Nothing waits after all (an inconsistency): repair.
        perform wahook_private.settle_conversation(
            p_conversation_id, v_conversation.state, 'repair: nothing is pending', p_worker
        );
        return null;
    end if;

    v_token := pg_catalog.nextval('wahook_private.lease_tokens');
    select s.agent_turns_per_minute into strict v_turns_per_minute from wahook_private.settings as s;

    perform wahook_private.transition_conversation(
        p_conversation_id, v_conversation.state, 'processing', 'claimed', p_worker, v_token, p_correlation_id
    );

    -- Keep only the starts the rate limit looks at.
    update wahook_private.webhook_conversations as c
    set lease_expires_at = v_now + p_lease,
        recent_turn_started_at = (c.recent_turn_started_at || v_now)[
            greatest(1, pg_catalog.cardinality(c.recent_turn_started_at) + 2 - v_turns_per_minute):
        ],
        turn_count = c.turn_count + 1
    where c.conversation_id = p_conversation_id;

    perform wahook_private.transition_messages(
        p_conversation_id, v_ids, 'pending', 'processing', 'claimed', v_token
    );

    insert into wahook_private.agent_turns (
        conversation_id, lease_token, worker, status, message_count, started_at, queue_wait_ms, correlation_id
    ) values (
        p_conversation_id, v_token, p_worker, 'running', pg_catalog.cardinality(v_ids), v_now,
        greatest(
            0, pg_catalog.floor(pg_catalog.date_part('epoch', v_now - v_oldest_received_at) * 1000)
        )::bigint,
        p_correlation_id
    );

    update wahook_private.webhook_dlq as d
    set status = 'retrying',
        next_attempt_at = null
    where d.conversation_id = p_conversation_id
        and d.message_id = any(v_ids)
        and d.status = 'retry_scheduled';

    return v_messages;
end
$$;

comment on function wahook_private.claim_ready_conversation(bigint, text, interval, text) is
'Claims conversation p_conversation_id for worker p_worker if it is ready under its row lock (skip locked): an expired lease is first released (counting a failed attempt); then pending or retry_wait with available_at come, within the turns-per-minute limit, with messages pending. Takes a new fencing token and a lease of p_lease, moves its pending messages to processing, records the turn start, inserts a running agent_turns row and marks their DLQ rows retrying. Returns the messages (as claim_conversation describes them) or null when nothing was claimed (locked elsewhere, not ready, rate-limited: available_at moved on, nothing pending: repaired to idle).';

revoke all on function wahook_private.claim_ready_conversation(bigint, text, interval, text) from public;
