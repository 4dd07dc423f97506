-- The one place a conversation changes state: checks the transition against
-- conversation_state_rules, applies it only from the expected state, and writes the audit row.
create or replace function wahook_private.transition_conversation(
    p_conversation_id bigint,
    p_from_state text,
    p_to_state text,
    p_reason text,
    p_actor text default null,
    p_lease_token bigint default null,
    p_correlation_id text default null
)
returns void
language plpgsql
set search_path = ''
as $$
begin
    if not exists (
        select from wahook_private.conversation_state_rules as r
        where r.from_state = p_from_state and r.to_state = p_to_state
    ) then
        raise exception using
            errcode = 'WH012',
            message = pg_catalog.format('conversation transition %s -> %s is not allowed', p_from_state, p_to_state),
            hint = 'See wahook_private.conversation_state_rules.';
    end if;

    -- The lease columns and paused_reason are tied to the state by CHECKs that cannot be deferred,
    -- so they change in the same statement: entering processing takes the lease (owner p_actor, token
    -- p_lease_token, expiring after settings.lease_seconds; the caller may then move the expiry),
    -- any other state drops it; leaving paused drops the reason (pause sets it afterwards).
    update wahook_private.webhook_conversations as c
    set state = p_to_state,
        lease_owner = case when p_to_state = 'processing' then p_actor end,
        lease_token = case when p_to_state = 'processing' then p_lease_token end,
        lease_expires_at = case
            when p_to_state = 'processing' then wahook_private.clock_now() + pg_catalog.make_interval(
                secs => (select s.lease_seconds from wahook_private.settings as s)
            )
        end,
        paused_reason = case when p_to_state = 'paused' then c.paused_reason end,
        state_changed_at = wahook_private.clock_now(),
        updated_at = wahook_private.clock_now()
    where c.conversation_id = p_conversation_id and c.state = p_from_state;

    if not found then
        raise exception using
            errcode = 'WH012',
            message = pg_catalog.format(
                'conversation %s is not in state %s (transition to %s refused)',
                p_conversation_id, p_from_state, p_to_state
            ),
            hint = 'Lock the conversation row before changing its state.';
    end if;

    insert into wahook_private.conversation_state_transitions (
        conversation_id, from_state, to_state, reason, actor, lease_token, correlation_id, created_at
    ) values (
        p_conversation_id, p_from_state, p_to_state, p_reason, p_actor, p_lease_token, p_correlation_id,
        wahook_private.clock_now()
    );
end
$$;

comment on function wahook_private.transition_conversation(bigint, text, text, text, text, bigint, text) is
'Moves a conversation from p_from_state to p_to_state and writes its audit row. Entering processing takes the lease (owner p_actor, token p_lease_token, expiry now + settings.lease_seconds); any other state clears the lease; leaving paused clears paused_reason. Callers set the other columns (available_at, a longer lease, paused_reason) in the same transaction. Raises WH012 when the transition is not allowed or the conversation is not in p_from_state.';

revoke all on function wahook_private.transition_conversation(bigint, text, text, text, text, bigint, text)
from public;
