-- The state machines' gate, one rule for all three: a transition must be a row of its machine's
-- rules table (conversation_state_rules, message_state_rules or media_state_rules), else WH012.
create or replace function wahook_private.check_transition_allowed(
    p_machine text, p_from_state text, p_to_state text
)
returns void
language plpgsql stable set search_path = ''
as $$
begin
    if not coalesce(
        case p_machine
            when 'conversation' then exists (
                select from wahook_private.conversation_state_rules as r
                where r.from_state = p_from_state and r.to_state = p_to_state
            )
            when 'message' then exists (
                select from wahook_private.message_state_rules as r
                where r.from_state = p_from_state and r.to_state = p_to_state
            )
            when 'media' then exists (
                select from wahook_private.media_state_rules as r
                where r.from_state = p_from_state and r.to_state = p_to_state
            )
        end,
        false
    ) then
        raise exception using
            errcode = 'WH012',
            message = pg_catalog.format('%s transition %s -> %s is not allowed', p_machine, p_from_state, p_to_state),
            hint = pg_catalog.format('See wahook_private.%s_state_rules.', p_machine);
    end if;
end
$$;

comment on function wahook_private.check_transition_allowed(text, text, text) is
'State machine helper: raises WH012 unless p_from_state -> p_to_state is a row of the rules of p_machine (conversation: conversation_state_rules; message: message_state_rules; media: media_state_rules; any other machine has no transitions).';
