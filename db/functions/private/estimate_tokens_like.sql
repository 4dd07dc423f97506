-- Token count of a memory entry whose text changed in SQL (a customer's edit, a quote rebuilt or
-- dropped), where tiktoken cannot run: scaled from the entry's own count, which the sidecar made
-- with tiktoken for the old text (same writer, same language, mostly the same words), and never
-- below the estimate of an uncounted entry (wahook_private.estimate_tokens), so the context window never treats an entry as cheaper than that.
create or replace function wahook_private.estimate_tokens_like(
    p_content text, p_known_content text, p_known_tokens integer
)
returns integer
language sql immutable parallel safe
as $$
    select greatest(
        wahook_private.estimate_tokens(coalesce(p_content, '')),
        case when pg_catalog.length(p_known_content) > 0 and p_known_tokens > 4 then
            pg_catalog.ceil(
                (p_known_tokens - 4)::numeric * coalesce(pg_catalog.length(p_content), 0) / pg_catalog.length(p_known_content)
            )::integer + 4
        end
    )
$$;

comment on function wahook_private.estimate_tokens_like(text, text, integer) is
'Estimated tokens of a memory entry (chat overhead included) now reading p_content that read p_known_content at p_known_tokens (a tiktoken count): that count scaled by the length ratio, at least ceil(length / 4) + 4. Never raises for null input (null content counts as empty).';
