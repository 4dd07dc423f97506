-- What a pause means beyond the conversation's state: its kind (for the quiet time), when it began,
-- and the newest agent reply queued before it, which the outbox claim then withholds if it is still
-- queued. Ids, not times: a reply and a pause in one instant (or under a test clock) still compare.
-- p_keep_lease_token names a turn whose own reply goes out although it paused the conversation (the
-- agent's handoff: "a person will take over" reaches the customer). The caller holds the row lock.
create or replace function wahook_private.note_pause(
    p_conversation_id bigint,
    p_kind text,
    p_reason text,
    p_keep_lease_token bigint default null
)
returns void
language plpgsql set search_path = ''
as $$
declare
    v_now timestamptz := wahook_private.clock_now();
begin
    insert into wahook_private.conversation_handoffs as h (
        conversation_id, kind, reason, paused_at, last_human_at, withhold_through_outbound_id, updated_at
    )
    select p_conversation_id, p_kind, p_reason, v_now, v_now, coalesce(pg_catalog.max(o.id), 0), v_now
    from wahook_private.outbound_messages as o
    where o.conversation_id = p_conversation_id
        and o.lease_token is not null
        and o.lease_token is distinct from p_keep_lease_token
    on conflict (conversation_id) do update
    set kind = excluded.kind,
        reason = excluded.reason,
        paused_at = excluded.paused_at,
        last_human_at = excluded.last_human_at,
        withhold_through_outbound_id = excluded.withhold_through_outbound_id,
        updated_at = excluded.updated_at;
end
$$;

comment on function wahook_private.note_pause(bigint, text, text, bigint) is
'Records the pause of conversation p_conversation_id in conversation_handoffs: kind p_kind (handoff, takeover or operator), reason p_reason, paused and last human activity now, and the newest agent reply queued so far (leaving out the reply of turn p_keep_lease_token) as the one up to which queued agent replies are withheld. The caller holds the conversation''s row lock. Returns nothing.';
