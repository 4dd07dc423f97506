-- A turn succeeded: its messages and the reply become conversation memory, the reply is queued and
-- the conversation settled, by wahook_private.complete_leased_turns (the one home of the completion
-- rules, shared with complete_turns) for a batch of one, raising what the batch reports in the
-- turn's row. The arguments are checked first, before anything is locked, as complete_turn always
-- has. A queued reply wakes the senders at commit.
create or replace function wahook.complete_turn(
    p_conversation_id bigint,
    p_lease_token bigint,
    p_reply_text text,
    p_reply_tokens integer,
    p_message_tokens jsonb,
    p_usage jsonb default '{}',
    p_correlation_id text default null
)
returns bigint
language plpgsql security definer set search_path = ''
as $$
declare
    v_done record;
begin
    perform wahook_private.check_turn_reply(p_reply_text, p_reply_tokens, p_message_tokens, p_usage);

    select d.outbox_id, d.error_sqlstate, d.error_message into strict v_done
    from wahook_private.complete_leased_turns(
        pg_catalog.jsonb_build_array(
            pg_catalog.jsonb_build_object(
                'conversation_id', p_conversation_id,
                'lease_token', p_lease_token,
                'reply_text', p_reply_text,
                'reply_tokens', p_reply_tokens,
                'message_tokens', p_message_tokens,
                'usage', p_usage,
                'correlation_id', p_correlation_id
            )
        )
    ) as d;

    perform wahook_private.raise_lease_error(v_done.error_sqlstate, v_done.error_message);
    if v_done.outbox_id is not null then
        -- Senders wake at commit instead of at their next poll.
        perform pg_catalog.pg_notify('wahook_outbox', '');
    end if;
    return v_done.outbox_id;
end
$$;

comment on function wahook.complete_turn(bigint, bigint, text, integer, jsonb, jsonb, text) is
'Completes the turn of lease p_lease_token: stores the turn''s messages (role user, token counts from p_message_tokens {"<message id>": tokens}, estimated when missing) and the reply (role assistant, p_reply_tokens) in agent_contexts, queues the reply in the outbox as a Graph API text message to the customer (no outbox row when p_reply_text is null), records usage (p_usage: provider, model, tokens_in, tokens_out, latency_ms) on the turn and the session, completes the messages, resolves their DLQ rows, and releases the conversation (pending, at the turns-per-minute pace, when messages wait; else idle); a queued reply NOTIFYs channel wahook_outbox at commit. Returns the outbox id, or null without a reply. Raises WH010 when the lease expired or is no longer this token''s, WH011 when the conversation does not exist, WH002 for an empty reply, a negative p_reply_tokens, or p_message_tokens or p_usage that is not a JSON object.';
