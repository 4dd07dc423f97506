-- Applies one status webhook to a known outbound message (wahook.record_outbound_sent applies the
-- statuses stored unmatched this way): the set-based wahook_private.ingest_apply_statuses with one
-- entry, so the forward-only rule and what a status changes have one home.
create or replace function wahook_private.ingest_apply_status(
    p_conversation_id bigint,
    p_outbound_id bigint,
    p_status text,
    p_wa_timestamp timestamptz,
    p_errors jsonb
)
returns text
language sql
volatile
set search_path = ''
as $$
    select (wahook_private.ingest_apply_statuses(
        array[p_conversation_id], array[p_outbound_id], array[p_status], array[p_wa_timestamp], array[p_errors]
    ))[1]
$$;

comment on function wahook_private.ingest_apply_status(bigint, bigint, text, timestamptz, jsonb) is
'Ingest helper: applies status p_status (at p_wa_timestamp, else now) to outbound message p_outbound_id of p_conversation_id, as wahook_private.ingest_apply_statuses does for one entry. Returns applied when the status is not behind the current one (sets status when it moves forward, and sent_at, delivered_at, read_at or failed_at; a failed status appends p_errors to errors), else stale (nothing changes; also for status names wahook does not rank). The caller holds the wamid lock (ingest_lock_outbound_wamid). Raises P0002 when the message does not exist.';

revoke all on function wahook_private.ingest_apply_status(bigint, bigint, text, timestamptz, jsonb) from public;
