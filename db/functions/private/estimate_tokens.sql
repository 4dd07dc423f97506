-- The token estimate of a memory entry that tiktoken did not count (a reply or message completed
-- without a count, a person's message, an echo's edit): 4 characters a token, plus 4 for the chat
-- format. Null for null text. SQL and immutable, without a SET clause, so that it inlines.
create or replace function wahook_private.estimate_tokens(p_content text)
returns integer
language sql immutable parallel safe
as $$
    select pg_catalog.ceil(pg_catalog.length(p_content) / 4.0)::integer + 4
$$;

comment on function wahook_private.estimate_tokens(text) is
'Estimated tokens of a memory entry reading p_content, chat overhead included: ceil(length / 4) + 4; null for null. Never raises.';
