-- The forward-only rule of outbound statuses, in one place: sent < delivered < read < played;
-- failed replaces queued, sending, unknown or sent, never a later status; nothing but failed
-- replaces failed. A status equal to the current one applies (it records its time). Status names
-- wahook does not rank, and queued, sending, unknown (which Meta never sends), apply to nothing.
-- No SET clause (search_path) so the planner can inline it into the calling query: every name in
-- it is schema-qualified, and its callers pin search_path.
create or replace function wahook_private.ingest_status_applies(p_current text, p_status text)
returns boolean
language sql immutable parallel safe
as $$
    select coalesce(
        wahook_private.ingest_status_rank(p_status) > 0
        and wahook_private.ingest_status_rank(p_current) <= wahook_private.ingest_status_rank(p_status)
        and (p_current <> 'failed' or p_status = 'failed'),
        false
    )
$$;

comment on function wahook_private.ingest_status_applies(text, text) is
'Ingest helper: whether status webhook p_status applies to an outbound message whose status is p_current (forward only: not behind it by wahook_private.ingest_status_rank, nothing but failed over failed, never a status of rank 0 or unknown to wahook). Never raises.';
