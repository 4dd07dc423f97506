-- One turn succeeded: wahook_private.complete_leased_turns (the one home of the completion rules)
-- for a batch of one, raising what the batch reports in the turn's row. The arguments are checked
-- first, before anything is locked, as complete_turn always has.
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
    return v_done.outbox_id;
end
$$;

comment on function wahook_private.complete_leased_turn(bigint, bigint, text, integer, jsonb, jsonb, text) is
'Completes the turn of lease p_lease_token as complete_turn describes, without the NOTIFY (its callers send it). Returns the outbox id, or null without a reply. Raises WH010, WH011 and WH002 as complete_turn does.';

revoke all on function wahook_private.complete_leased_turn(bigint, bigint, text, integer, jsonb, jsonb, text)
from public;
