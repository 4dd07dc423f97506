-- The argument rules of a completed turn, in one place: complete_turn checks them before it locks
-- anything, complete_turns for each live turn of its batch.
create or replace function wahook_private.check_turn_reply(
    p_reply_text text,
    p_reply_tokens integer,
    p_message_tokens jsonb,
    p_usage jsonb
)
returns void
language plpgsql immutable set search_path = ''
as $$
begin
    if p_message_tokens is not null and pg_catalog.jsonb_typeof(p_message_tokens) <> 'object' then
        raise exception using
            errcode = 'WH002',
            message = 'p_message_tokens must be a JSON object of message id and token count';
    end if;
    if pg_catalog.jsonb_typeof(coalesce(p_usage, '{}')) <> 'object' then
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
end
$$;

comment on function wahook_private.check_turn_reply(text, integer, jsonb, jsonb) is
'Checks the arguments of a completed turn. Raises WH002 when p_message_tokens is not null and not a JSON object, p_usage (null taken as {}) is not a JSON object, p_reply_tokens is negative or p_reply_text is empty.';
