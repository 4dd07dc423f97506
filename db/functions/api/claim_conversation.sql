-- The next ready conversation, leased with a new fencing token, with all its pending messages in
-- order (a burst is one turn). Ready: pending or retry_wait whose available_at has come, or
-- processing whose lease expired (a crashed worker's turn is taken over at once: the lease is first
-- released as cleanup_stuck_conversations would, counting a failed attempt, then claimed as usual).
-- `for update skip locked`: concurrent claims never wait on each other nor take the same row.
-- The loop only repeats past candidates it has just moved out of the ready set (a take-over held
-- back by the rate limit, a conversation with nothing pending), so it ends.
create or replace function wahook.claim_conversation(
    p_worker text,
    p_lease_seconds integer default null,
    p_correlation_id text default null
)
returns table (
    conversation_id bigint,
    lease_token bigint,
    lease_expires_at timestamptz,
    phone_number_id text,
    customer_id text,
    customer_wa_id text,
    customer_user_id text,
    last_inbound_at timestamptz,
    messages jsonb
)
language plpgsql
security definer
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_settings wahook_private.settings;
    v_lease interval;
    v_conversation wahook_private.webhook_conversations;
    v_token bigint;
    v_ids bigint [];
    v_messages jsonb;
    v_oldest_received_at timestamptz;
begin
    if p_worker is null or pg_catalog.btrim(p_worker) = '' then
        raise exception using errcode = 'WH002', message = 'p_worker must name the worker';
    end if;
    if p_lease_seconds is not null and p_lease_seconds not between 1 and 86400 then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('p_lease_seconds must be between 1 and 86400, not %s', p_lease_seconds);
    end if;

    select s.* into strict v_settings from wahook_private.settings as s;
    v_lease := pg_catalog.make_interval(secs => coalesce(p_lease_seconds, v_settings.lease_seconds));

    loop
        -- A crashed worker's conversation first: it has waited longest.
        select c.* into v_conversation
        from wahook_private.webhook_conversations as c
        where c.state = 'processing' and c.lease_expires_at <= v_now
        order by c.lease_expires_at
        limit 1
        for update skip locked;

        if found then
            perform wahook_private.release_expired_lease(
                v_conversation.conversation_id, 'lease expired: taken over by a claim', p_worker
            );
            select c.* into strict v_conversation
            from wahook_private.webhook_conversations as c
            where c.conversation_id = v_conversation.conversation_id;
            if v_conversation.state <> 'pending' or v_conversation.available_at > v_now then
                continue;
            end if;
        else
            select c.* into v_conversation
            from wahook_private.webhook_conversations as c
            where c.state in ('pending', 'retry_wait') and c.available_at <= v_now
            order by c.available_at
            limit 1
            for update skip locked;

            if not found then
                return;
            end if;
        end if;

        -- The turns-per-minute limit holds whoever made the conversation ready.
        if wahook_private.next_turn_at(v_conversation.recent_turn_started_at) > v_now then
            update wahook_private.webhook_conversations as c
            set available_at = wahook_private.next_turn_at(c.recent_turn_started_at)
            where c.conversation_id = v_conversation.conversation_id;
            continue;
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
        where m.conversation_id = v_conversation.conversation_id and m.status = 'pending';

        if v_ids is null then
            -- Nothing waits after all (an inconsistency): repair and look further.
            perform wahook_private.settle_conversation(
                v_conversation.conversation_id, v_conversation.state, 'repair: nothing is pending', p_worker
            );
            continue;
        end if;

        exit;
    end loop;

    v_token := pg_catalog.nextval('wahook_private.lease_tokens');

    perform wahook_private.transition_conversation(
        v_conversation.conversation_id, v_conversation.state, 'processing', 'claimed', p_worker, v_token,
        p_correlation_id
    );

    -- Keep only the starts the rate limit looks at.
    update wahook_private.webhook_conversations as c
    set lease_expires_at = v_now + v_lease,
        recent_turn_started_at = (c.recent_turn_started_at || v_now)[
            greatest(
                1, pg_catalog.cardinality(c.recent_turn_started_at) + 2 - v_settings.agent_turns_per_minute
            ):
        ],
        turn_count = c.turn_count + 1
    where c.conversation_id = v_conversation.conversation_id;

    perform wahook_private.transition_messages(
        v_conversation.conversation_id, v_ids, 'pending', 'processing', 'claimed', v_token
    );

    insert into wahook_private.agent_turns (
        conversation_id, lease_token, worker, status, message_count, started_at, queue_wait_ms, correlation_id
    ) values (
        v_conversation.conversation_id, v_token, p_worker, 'running', pg_catalog.cardinality(v_ids), v_now,
        greatest(
            0, pg_catalog.floor(pg_catalog.date_part('epoch', v_now - v_oldest_received_at) * 1000)
        )::bigint,
        p_correlation_id
    );

    update wahook_private.webhook_dlq as d
    set status = 'retrying',
        next_attempt_at = null
    where d.conversation_id = v_conversation.conversation_id
        and d.message_id = any(v_ids)
        and d.status = 'retry_scheduled';

    return query
    select c.conversation_id, c.lease_token, c.lease_expires_at, c.phone_number_id, c.customer_id,
        c.customer_wa_id, c.customer_user_id, c.last_inbound_at, v_messages
    from wahook_private.webhook_conversations as c
    where c.conversation_id = v_conversation.conversation_id;
end
$$;

revoke all on function wahook.claim_conversation(text, integer, text) from public;
grant execute on function wahook.claim_conversation(text, integer, text) to wahook_service;

comment on function wahook.claim_conversation(text, integer, text) is
'Claims the next ready conversation for worker p_worker: pending or retry_wait with available_at come, or processing with an expired lease (released first, counting a failed attempt). Takes a new fencing token and a lease of p_lease_seconds (default settings.lease_seconds), moves all its pending messages to processing, records the turn start for the turns-per-minute limit, inserts a running agent_turns row and marks their DLQ rows retrying. Paused conversations are never claimed. Returns one row (conversation_id, lease_token, lease_expires_at, phone_number_id, customer_id, customer_wa_id, customer_user_id, last_inbound_at, messages: a jsonb array of {id, wamid, type, text, wa_timestamp, attempt (1 for the first try), payload, correlation_id (of the webhook that brought it)} in WhatsApp timestamp then arrival order), or no row when nothing is ready. Raises WH002 for an empty p_worker or a p_lease_seconds outside 1..86400.';
