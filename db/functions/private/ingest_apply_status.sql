-- Applies one status webhook to a known outbound message, forward only: sent < delivered < read
-- < played; failed replaces queued, sending, unknown or sent (and appends the status's errors),
-- never a later status; nothing replaces failed. A status equal to the current one is applied
-- (the sent webhook after record_outbound_sent set sent): it records its time. One behind it is
-- stale and changes nothing. The caller holds ingest_lock_outbound_wamid for the message's wamid.
create or replace function wahook_private.ingest_apply_status(
    p_conversation_id bigint,
    p_outbound_id bigint,
    p_status text,
    p_wa_timestamp timestamptz,
    p_errors jsonb
)
returns text
language plpgsql
set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
    v_at timestamptz := coalesce(p_wa_timestamp, wahook_private.clock_now());
    v_current text;
    v_rank integer := wahook_private.ingest_status_rank(p_status);
begin
    select o.status into strict v_current
    from wahook_private.outbound_messages as o
    where o.conversation_id = p_conversation_id and o.id = p_outbound_id
    for update;

    -- Unknown status names (and queued, sending, unknown, which Meta never sends) move nothing.
    if v_rank is null or v_rank = 0
        or wahook_private.ingest_status_rank(v_current) > v_rank
        or (v_current = 'failed' and p_status <> 'failed') then
        return 'stale';
    end if;

    update wahook_private.outbound_messages as o
    set status = case when v_rank > wahook_private.ingest_status_rank(o.status) then p_status else o.status end,
        sender = null,
        sending_expires_at = null,
        sent_at = case when p_status = 'sent' then coalesce(o.sent_at, v_at) else o.sent_at end,
        delivered_at = case when p_status = 'delivered' then coalesce(o.delivered_at, v_at) else o.delivered_at end,
        read_at = case when p_status = 'read' then coalesce(o.read_at, v_at) else o.read_at end,
        failed_at = case when p_status = 'failed' then coalesce(o.failed_at, v_at) else o.failed_at end,
        errors = case
            when p_status = 'failed' and pg_catalog.jsonb_typeof(p_errors) = 'array' then o.errors || p_errors
            else o.errors
        end,
        updated_at = v_now
    where o.conversation_id = p_conversation_id and o.id = p_outbound_id;
    return 'applied';
end
$$;

comment on function wahook_private.ingest_apply_status(bigint, bigint, text, timestamptz, jsonb) is
'Ingest helper: applies status p_status (at p_wa_timestamp, else now) to outbound message p_outbound_id of p_conversation_id. Returns applied when the status is not behind the current one (sets status when it moves forward, and sent_at, delivered_at, read_at or failed_at; a failed status appends p_errors to errors), else stale (nothing changes; also for status names wahook does not rank). The caller holds the wamid lock (ingest_lock_outbound_wamid).';

revoke all on function wahook_private.ingest_apply_status(bigint, bigint, text, timestamptz, jsonb) from public;
