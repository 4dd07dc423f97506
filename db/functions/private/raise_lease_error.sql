-- The fence's errors, raised one way wherever a single-turn call learns them from the rule that
-- reports them without raising (try_lock_leases, complete_leased_turns): WH011 when the conversation
-- does not exist, WH010 with the hint for the worker when the lease is not (or no longer) live.
-- Nothing without a sqlstate.
create or replace function wahook_private.raise_lease_error(p_sqlstate text, p_message text)
returns void
language plpgsql immutable set search_path = ''
as $$
begin
    if p_sqlstate = 'WH011' then
        raise exception using errcode = 'WH011', message = p_message;
    elsif p_sqlstate = 'WH010' then
        raise exception using
            errcode = 'WH010',
            message = p_message,
            hint = 'The turn is no longer this worker''s: drop its result, another worker has or will have the messages.';
    end if;
end
$$;

comment on function wahook_private.raise_lease_error(text, text) is
'Lease helper: raises WH011 (no such conversation) or WH010 (lease expired or not this token''s, with a hint for the worker) with p_message, as p_sqlstate says; does nothing when p_sqlstate is null.';
