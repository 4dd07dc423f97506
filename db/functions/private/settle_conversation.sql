-- Where a conversation goes when nothing holds it: pending when messages wait for the agent, else
-- idle. Every path that makes a conversation pending comes here, so available_at always honours the
-- turns-per-minute limit (next_turn_at) and never moves earlier than p_not_before (a retry time).
-- The caller holds the row lock.
create or replace function wahook_private.settle_conversation(
    p_conversation_id bigint,
    p_from_state text,
    p_reason text,
    p_actor text default null,
    p_lease_token bigint default null,
    p_correlation_id text default null,
    p_not_before timestamptz default null
)
returns text
language plpgsql
set search_path = ''
as $$
declare
    v_to_state text;
begin
    v_to_state := case
        when exists (
            select from wahook_private.processed_webhook_messages as m
            where m.conversation_id = p_conversation_id and m.status = 'pending'
        ) then 'pending'
        else 'idle'
    end;

    if v_to_state <> p_from_state then
        perform wahook_private.transition_conversation(
            p_conversation_id, p_from_state, v_to_state, p_reason, p_actor, p_lease_token, p_correlation_id
        );
    end if;

    if v_to_state = 'pending' then
        update wahook_private.webhook_conversations as c
        set available_at = greatest(
            wahook_private.next_turn_at(c.recent_turn_started_at),
            p_not_before,
            case when p_from_state = 'pending' then c.available_at end
        )
        where c.conversation_id = p_conversation_id;
    end if;

    return v_to_state;
end
$$;

comment on function wahook_private.settle_conversation(bigint, text, text, text, bigint, text, timestamptz) is
'Moves a conversation from p_from_state to pending (messages wait; available_at set by the turns-per-minute limit and not before p_not_before) or to idle (nothing waits), through transition_conversation. Returns the new state. The caller holds the row lock. Raises WH012 when the conversation is not in p_from_state.';

revoke all on function wahook_private.settle_conversation(bigint, text, text, text, bigint, text, timestamptz)
from public;
