-- A turn succeeded: its messages and the reply become conversation memory, the reply is queued in
-- the outbox (one per turn: unique (conversation_id, lease_token)), the turn and the session get
-- their usage, the messages are completed (their DLQ rows resolved) and the conversation is
-- settled: pending at the rate limit's pace if messages came meanwhile, else idle.
-- The one home of these rules: complete_turn and complete_turns both come here (and send the
-- outbox NOTIFY themselves, once per call).
-- Token counts come from the sidecar (tiktoken); a missing one is estimated (4 characters a token,
-- plus 4 for the chat format) so the context window never treats an entry as free.
create or replace function wahook_private.complete_leased_turn(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_reply_text text,
    p_reply_tokens integer,
    p_message_tokens jsonb,
    p_usage jsonb default '{}',
    p_correlation_id text default null
)
returns bigint
language plpgsql
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_conversation wahook_private.webhook_conversations;
    v_usage jsonb := coalesce(p_usage, '{}');
    v_ids bigint [];
    v_outbox_id bigint;
    v_recipient text;
begin
    if p_message_tokens is not null and pg_catalog.jsonb_typeof(p_message_tokens) <> 'object' then
        raise exception using
            errcode = 'WH002',
            message = 'p_message_tokens must be a JSON object of message id and token count';
    end if;
    if pg_catalog.jsonb_typeof(v_usage) <> 'object' then
        raise exception using errcode = 'WH002', message = 'p_usage must be a JSON object';
    end if;
    if p_reply_tokens < 0 then
        raise exception using errcode = 'WH002', message = 'p_reply_tokens must not be negative';
    end if;
    if p_reply_text = '' then
        raise exception using
            errcode = 'WH002',
            message = 'p_reply_text is empty',
            hint = 'Pass null to complete a turn without a reply.';
    end if;

    v_conversation := wahook_private.lock_lease(p_conversation_id, p_lease_token);

    select pg_catalog.array_agg(m.id order by m.wa_timestamp, m.id)
    into v_ids
    from wahook_private.processed_webhook_messages as m
    where m.conversation_id = p_conversation_id and m.status = 'processing' and m.lease_token = p_lease_token;

    insert into wahook_private.agent_contexts (
        conversation_id, role, content, token_count, message_id, lease_token, created_at
    )
    select p_conversation_id, 'user', x.content,
        coalesce(
            greatest((p_message_tokens ->> m.id::text)::integer, 0),
            pg_catalog.ceil(pg_catalog.length(x.content) / 4.0)::integer + 4
        ),
        m.id, p_lease_token, v_now
    from wahook_private.processed_webhook_messages as m
    cross join lateral (select coalesce(m.text_body, '[' || m.message_type || ']') as content) as x
    where m.conversation_id = p_conversation_id and m.id = any(v_ids)
    order by m.wa_timestamp, m.id;

    if p_reply_text is not null then
        insert into wahook_private.agent_contexts (
            conversation_id, role, content, token_count, lease_token, created_at
        ) values (
            p_conversation_id, 'assistant', p_reply_text,
            coalesce(p_reply_tokens, pg_catalog.ceil(pg_catalog.length(p_reply_text) / 4.0)::integer + 4),
            p_lease_token, v_now
        );

        v_recipient := coalesce(v_conversation.customer_wa_id, v_conversation.customer_id);
        insert into wahook_private.outbound_messages (
            conversation_id, phone_number_id, recipient, lease_token, body, status, next_attempt_at,
            correlation_id, created_at, updated_at
        ) values (
            p_conversation_id, v_conversation.phone_number_id, v_recipient, p_lease_token,
            pg_catalog.jsonb_build_object(
                'messaging_product', 'whatsapp',
                'recipient_type', 'individual',
                'to', v_recipient,
                'type', 'text',
                'text', pg_catalog.jsonb_build_object('body', p_reply_text)
            ),
            'queued', v_now, p_correlation_id, v_now, v_now
        )
        returning id into v_outbox_id;
    end if;

    update wahook_private.agent_turns as t
    set status = 'completed',
        finished_at = greatest(v_now, t.started_at),
        provider = v_usage ->> 'provider',
        model = v_usage ->> 'model',
        tokens_in = (v_usage ->> 'tokens_in')::integer,
        tokens_out = (v_usage ->> 'tokens_out')::integer,
        latency_ms = (v_usage ->> 'latency_ms')::integer,
        correlation_id = coalesce(p_correlation_id, t.correlation_id)
    where t.conversation_id = p_conversation_id and t.lease_token = p_lease_token and t.status = 'running';

    insert into wahook_private.agent_sessions as s (
        conversation_id, turn_count, tokens_in_total, tokens_out_total, latency_ms_total, last_provider,
        last_model, last_turn_at, created_at, updated_at
    ) values (
        p_conversation_id, 1,
        coalesce((v_usage ->> 'tokens_in')::bigint, 0),
        coalesce((v_usage ->> 'tokens_out')::bigint, 0),
        coalesce((v_usage ->> 'latency_ms')::bigint, 0),
        v_usage ->> 'provider', v_usage ->> 'model', v_now, v_now, v_now
    )
    on conflict (conversation_id) do update
    set turn_count = s.turn_count + 1,
        tokens_in_total = s.tokens_in_total + excluded.tokens_in_total,
        tokens_out_total = s.tokens_out_total + excluded.tokens_out_total,
        latency_ms_total = s.latency_ms_total + excluded.latency_ms_total,
        last_provider = coalesce(excluded.last_provider, s.last_provider),
        last_model = coalesce(excluded.last_model, s.last_model),
        last_turn_at = excluded.last_turn_at,
        updated_at = excluded.updated_at;

    if v_ids is not null then
        perform wahook_private.transition_messages(
            p_conversation_id, v_ids, 'processing', 'completed', 'turn completed', p_lease_token
        );

        update wahook_private.webhook_dlq as d
        set status = 'resolved',
            resolved_at = v_now,
            next_attempt_at = null
        where d.conversation_id = p_conversation_id
            and d.message_id = any(v_ids)
            and d.status in ('retry_scheduled', 'retrying', 'replayed');
    end if;

    update wahook_private.webhook_conversations as c
    set last_error = null
    where c.conversation_id = p_conversation_id;

    perform wahook_private.settle_conversation(
        p_conversation_id, 'processing', 'turn completed', v_conversation.lease_owner, p_lease_token,
        p_correlation_id
    );

    return v_outbox_id;
end
$$;

comment on function wahook_private.complete_leased_turn(bigint, bigint, text, integer, jsonb, jsonb, text) is
'Completes the turn of lease p_lease_token as complete_turn describes, without the NOTIFY (its callers send it). Returns the outbox id, or null without a reply. Raises WH010, WH011 and WH002 as complete_turn does.';

revoke all on function wahook_private.complete_leased_turn(bigint, bigint, text, integer, jsonb, jsonb, text)
from public;
