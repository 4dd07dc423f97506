-- Turns succeeded, set-based: their messages and replies become conversation memory, the replies
-- are queued in the outbox (one per turn: unique (conversation_id, lease_token)), the turns and the
-- sessions get their usage, the messages are completed (their DLQ rows resolved) and the
-- conversations settled: pending at the rate limit's pace if messages came meanwhile, else idle.
-- The one home of these rules: complete_turns, and complete_turn (a batch of one), come
-- here (and send the outbox NOTIFY themselves, once per call).
-- The fence is checked for the whole batch first, without raising (try_lock_leases: rows locked by
-- key, in key order), before anything is written; a turn whose lease was lost or whose conversation
-- vanished is reported in its row and changes nothing, and the live turns are then written together:
-- one insert of all contexts, one of all outbox rows, one update of agent_turns, one upsert of
-- agent_sessions, one transition of all messages, one DLQ update, one settle. No subtransaction per
-- turn (many subtransactions that write would overflow each backend's subtransaction cache).
-- A conversation named twice with its live token is completed once: the later turn is reported as
-- lost, as it would find the conversation settled.
-- Token counts come from the sidecar (tiktoken); a missing one is estimated (4 characters a token,
-- plus 4 for the chat format) so the context window never treats an entry as free.
create or replace function wahook_private.complete_leased_turns(p_turns jsonb)
returns table (
    conversation_id bigint,
    lease_token bigint,
    outbox_id bigint,
    error_sqlstate text,
    error_message text
)
-- Generic plans: a custom plan per call for a batch of one costs more to plan than to run.
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_turns jsonb [];
    v_ids bigint [];
    v_tokens bigint [];
    v_states text [];
    v_messages text [];
    v_completes boolean [];
    v_live bigint [];
    v_live_tokens bigint [];
    v_live_turns jsonb [];
    v_live_owners text [];
    v_live_correlation_ids text [];
    v_live_phone_number_ids text [];
    v_live_recipients text [];
    v_message_conversations bigint [];
    v_message_ids bigint [];
    v_message_tokens bigint [];
    v_had_errors boolean;
    v_outbox_conversations bigint [];
    v_outbox_ids bigint [];
    v_owner text;
begin
    select pg_catalog.array_agg(t.turn order by t.ord),
        pg_catalog.array_agg((t.turn ->> 'conversation_id')::bigint order by t.ord),
        pg_catalog.array_agg((t.turn ->> 'lease_token')::bigint order by t.ord)
    into v_turns, v_ids, v_tokens
    from pg_catalog.jsonb_array_elements(p_turns) with ordinality as t (turn, ord);

    if v_turns is null then
        return;
    end if;

    -- The fence for every turn (rows locked in key order). A conversation is completed once, by its
    -- first live turn in the batch; a later one is lost, as it would find the conversation settled.
    -- The live turns are listed in key order, with what the writes need of their conversation.
    select pg_catalog.array_agg(
            case when f.live and f.n > 1 then 'WH010' else f.o_sqlstate end order by f.ord
        ),
        pg_catalog.array_agg(
            case
                when f.live and f.n > 1 then pg_catalog.format(
                    'lease %s of conversation %s is lost (its turn was completed earlier in this batch)',
                    f.lease_token, f.conversation_id
                )
                else f.o_message
            end
            order by f.ord
        ),
        pg_catalog.array_agg(f.live and f.n = 1 order by f.ord),
        pg_catalog.array_agg(f.conversation_id order by f.conversation_id) filter (where f.live and f.n = 1),
        pg_catalog.array_agg(f.lease_token order by f.conversation_id) filter (where f.live and f.n = 1),
        pg_catalog.array_agg(v_turns[f.ord] order by f.conversation_id) filter (where f.live and f.n = 1),
        pg_catalog.array_agg((f.o_conversation).lease_owner order by f.conversation_id)
        filter (where f.live and f.n = 1),
        pg_catalog.array_agg(v_turns[f.ord] ->> 'correlation_id' order by f.conversation_id)
        filter (where f.live and f.n = 1),
        pg_catalog.array_agg((f.o_conversation).phone_number_id order by f.conversation_id)
        filter (where f.live and f.n = 1),
        pg_catalog.array_agg(
            coalesce((f.o_conversation).customer_wa_id, (f.o_conversation).customer_id) order by f.conversation_id
        ) filter (where f.live and f.n = 1),
        coalesce(pg_catalog.bool_or((f.o_conversation).last_error is not null) filter (where f.live and f.n = 1), false)
    into v_states, v_messages, v_completes, v_live, v_live_tokens, v_live_turns, v_live_owners,
        v_live_correlation_ids, v_live_phone_number_ids, v_live_recipients, v_had_errors
    from (
        select l.ord, l.conversation_id, l.lease_token, l.o_conversation, l.o_sqlstate, l.o_message,
            l.o_sqlstate is null as live,
            pg_catalog.row_number() over (
                partition by l.conversation_id, l.o_sqlstate is null order by l.ord
            ) as n
        from wahook_private.try_lock_leases(v_ids, v_tokens) as l
    ) as f;

    if v_live is not null then
        perform wahook_private.check_turn_reply(
            l.turn ->> 'reply_text',
            (l.turn ->> 'reply_tokens')::integer,
            nullif(l.turn -> 'message_tokens', 'null'),
            nullif(l.turn -> 'usage', 'null')
        )
        from unnest(v_live_turns) as l (turn);

        select pg_catalog.array_agg(m.conversation_id), pg_catalog.array_agg(m.id), pg_catalog.array_agg(l.lease_token)
        into v_message_conversations, v_message_ids, v_message_tokens
        from unnest(v_live, v_live_tokens) as l (conversation_id, lease_token)
        inner join wahook_private.processed_webhook_messages as m
            on m.conversation_id = l.conversation_id
            and m.lease_token = l.lease_token
            and m.status = 'processing'
        -- Each join to a table also names the keys with `= any`, so that even a generic plan finds
        -- the rows by index, whatever the batch size.
        where m.conversation_id = any(v_live);

        -- Memory: each turn's messages in order, then its reply.
        insert into wahook_private.agent_contexts (
            conversation_id, role, content, token_count, message_id, lease_token, created_at
        )
        select x.conversation_id, x.role, x.content, x.token_count, x.message_id, x.lease_token, v_now
        from (
            select l.n, 0 as part, m.wa_timestamp, m.id as message_id, l.conversation_id, l.lease_token,
                'user' as role, m.reads_as as content,
                coalesce(
                    greatest((l.turn -> 'message_tokens' ->> m.id::text)::integer, 0),
                    wahook_private.estimate_tokens(m.reads_as)
                ) as token_count
            from unnest(v_live, v_live_tokens, v_live_turns) with ordinality as l (
                conversation_id, lease_token, turn, n
            )
            inner join wahook_private.inbound_messages_as_read as m
                on m.conversation_id = l.conversation_id
                and m.lease_token = l.lease_token
                and m.status = 'processing'
            where m.conversation_id = any(v_live)
            union all
            select l.n, 1, null, null, l.conversation_id, l.lease_token, 'assistant', l.turn ->> 'reply_text',
                coalesce(
                    (l.turn ->> 'reply_tokens')::integer,
                    wahook_private.estimate_tokens(l.turn ->> 'reply_text')
                )
            from unnest(v_live, v_live_tokens, v_live_turns) with ordinality as l (
                conversation_id, lease_token, turn, n
            )
            where l.turn ->> 'reply_text' is not null
        ) as x
        order by x.n, x.part, x.wa_timestamp, x.message_id;

        with queued as (
            insert into wahook_private.outbound_messages (
                conversation_id, phone_number_id, recipient, lease_token, body, status, next_attempt_at,
                correlation_id, created_at, updated_at
            )
            select l.conversation_id, l.phone_number_id, l.recipient, l.lease_token,
                wahook_private.text_message(l.recipient, l.turn ->> 'reply_text'), 'queued', v_now,
                l.turn ->> 'correlation_id', v_now, v_now
            from unnest(
                v_live, v_live_tokens, v_live_turns, v_live_phone_number_ids, v_live_recipients
            ) with ordinality as l (conversation_id, lease_token, turn, phone_number_id, recipient, n)
            where l.turn ->> 'reply_text' is not null
            order by l.n
            returning outbound_messages.conversation_id, outbound_messages.id
        )

        select pg_catalog.array_agg(q.conversation_id), pg_catalog.array_agg(q.id)
        into v_outbox_conversations, v_outbox_ids
        from queued as q;

        update wahook_private.agent_turns as t
        set status = 'completed',
            finished_at = greatest(v_now, t.started_at),
            provider = l.usage ->> 'provider',
            model = l.usage ->> 'model',
            tokens_in = (l.usage ->> 'tokens_in')::integer,
            tokens_out = (l.usage ->> 'tokens_out')::integer,
            latency_ms = (l.usage ->> 'latency_ms')::integer,
            correlation_id = coalesce(l.turn ->> 'correlation_id', t.correlation_id)
        from (
            select u.conversation_id, u.lease_token, u.turn,
                coalesce(nullif(u.turn -> 'usage', 'null'), '{}') as usage
            from unnest(v_live, v_live_tokens, v_live_turns) as u (conversation_id, lease_token, turn)
        ) as l
        where t.conversation_id = any(v_live)
            and t.lease_token = any(v_live_tokens)
            and t.conversation_id = l.conversation_id
            and t.lease_token = l.lease_token
            and t.status = 'running';

        insert into wahook_private.agent_sessions as s (
            conversation_id, turn_count, tokens_in_total, tokens_out_total, latency_ms_total, last_provider,
            last_model, last_turn_at, created_at, updated_at
        )
        select l.conversation_id, 1,
            coalesce((l.usage ->> 'tokens_in')::bigint, 0),
            coalesce((l.usage ->> 'tokens_out')::bigint, 0),
            coalesce((l.usage ->> 'latency_ms')::bigint, 0),
            l.usage ->> 'provider', l.usage ->> 'model', v_now, v_now, v_now
        from (
            select u.conversation_id, coalesce(nullif(u.turn -> 'usage', 'null'), '{}') as usage
            from unnest(v_live, v_live_turns) as u (conversation_id, turn)
        ) as l
        order by l.conversation_id
        on conflict on constraint agent_sessions_pkey do update
        set turn_count = s.turn_count + 1,
            tokens_in_total = s.tokens_in_total + excluded.tokens_in_total,
            tokens_out_total = s.tokens_out_total + excluded.tokens_out_total,
            latency_ms_total = s.latency_ms_total + excluded.latency_ms_total,
            last_provider = coalesce(excluded.last_provider, s.last_provider),
            last_model = coalesce(excluded.last_model, s.last_model),
            last_turn_at = excluded.last_turn_at,
            updated_at = excluded.updated_at;

        if v_message_ids is not null then
            perform wahook_private.transition_messages_across(
                v_message_conversations, v_message_ids, 'processing', 'completed', 'turn completed',
                v_message_tokens
            );

            perform wahook_private.resolve_dlq_entries(v_message_conversations, v_message_ids, v_now);
        end if;

        if v_had_errors then
            update wahook_private.webhook_conversations as c
            set last_error = null
            where c.conversation_id = any(v_live) and c.last_error is not null;
        end if;

        -- One settle per lease owner (the actor of the audit rows): one for a worker's batch.
        if v_live_owners[1] = all(v_live_owners) then
            perform wahook_private.settle_conversations(
                v_live, 'processing', 'turn completed', v_live_owners[1], v_live_tokens, v_live_correlation_ids
            );
        else
            for v_owner in select distinct o.owner from unnest(v_live_owners) as o (owner) loop
                perform wahook_private.settle_conversations(
                    array(
                        select l.conversation_id
                        from unnest(v_live, v_live_owners) with ordinality as l (conversation_id, owner, n)
                        where l.owner is not distinct from v_owner order by l.n
                    ),
                    'processing', 'turn completed', v_owner,
                    array(
                        select l.lease_token
                        from unnest(v_live_tokens, v_live_owners) with ordinality as l (lease_token, owner, n)
                        where l.owner is not distinct from v_owner order by l.n
                    ),
                    array(
                        select l.correlation_id
                        from unnest(v_live_correlation_ids, v_live_owners) with ordinality as l (correlation_id, owner, n)
                        where l.owner is not distinct from v_owner order by l.n
                    )
                );
            end loop;
        end if;

        perform wahook_private.hand_off_turns(v_live, v_live_tokens, v_live_turns);
    end if;

    -- One row per turn, in conversation order.
    return query
    select u.conversation_id, u.lease_token, o.id, u.sqlstate, u.message
    from unnest(v_ids, v_tokens, v_states, v_messages, v_completes) with ordinality as u (
        conversation_id, lease_token, sqlstate, message, completes, ord
    )
    left join unnest(v_outbox_conversations, v_outbox_ids) as o (conversation_id, id)
        on u.completes and o.conversation_id = u.conversation_id
    order by u.conversation_id, u.ord;
end
$$;

comment on function wahook_private.complete_leased_turns(jsonb) is
'Completes the live turns of p_turns (a JSON array of {conversation_id, lease_token, reply_text, reply_tokens, message_tokens, usage, correlation_id, handoff_reason}) as complete_turns describes, without the NOTIFY (its callers send it). Returns one row per turn in conversation order: conversation_id, lease_token, outbox_id (or null without a reply) and, for a turn not completed, error_sqlstate WH010 or WH011 with error_message. Raises WH002 as check_turn_reply does for a live turn.';
