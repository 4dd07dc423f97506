-- The DLQ entries of messages that will not be tried again (their turn completed, or they were
-- skipped) are settled: resolved, nothing due. One place for completion, a resume that discards
-- what waited, and a customer's revoke. Entries already resolved stay as they are.
create or replace function wahook_private.resolve_dlq_entries(
    p_conversation_ids bigint [],
    p_message_ids bigint [],
    p_now timestamptz
)
returns integer
-- Generic plans: the arrays change on every call (see complete_leased_turns).
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_count integer;
begin
    update wahook_private.webhook_dlq as d
    set status = 'resolved',
        resolved_at = p_now,
        next_attempt_at = null
    from unnest(p_conversation_ids, p_message_ids) as m (conversation_id, message_id)
    -- The `= any` lets even a generic plan find the rows by index, whatever the batch size.
    where d.conversation_id = any(p_conversation_ids)
        and d.message_id = any(p_message_ids)
        and d.conversation_id = m.conversation_id
        and d.message_id = m.message_id
        and d.status in ('retry_scheduled', 'retrying', 'replayed', 'dead');
    get diagnostics v_count = row_count;
    return v_count;
end
$$;

comment on function wahook_private.resolve_dlq_entries(bigint [], bigint [], timestamptz) is
'DLQ helper: resolves (resolved_at p_now, next_attempt_at null) the unsettled DLQ entry (retry_scheduled, retrying, replayed or dead) of each message p_message_ids[i] of conversation p_conversation_ids[i]. Returns how many. Raises nothing of its own.';
