-- The one place inbound media changes state, set-based: media (p_conversation_ids[i],
-- p_message_ids[i]) must all be in p_from_state; each moves to p_to_state with the columns that
-- state owns, checked against media_state_rules, and gets its audit row.
--   fetching: a new attempt (attempt_count + 1) leased to p_worker until p_lease_expires_at;
--   pending:  due again at p_next_attempt_ats[i], after the failure p_error_codes[i] / p_errors[i];
--   fetched:  settled (the caller stored its facts first);
--   failed:   settled, for p_error_codes[i] / p_errors[i].
-- Rows are matched by their key joined to the arrays (each found on its conversation's shard).
create or replace function wahook_private.transition_media(
    p_conversation_ids bigint [],
    p_message_ids bigint [],
    p_from_state text,
    p_to_state text,
    p_reason text,
    p_worker text default null,
    p_lease_expires_at timestamptz default null,
    p_next_attempt_ats timestamptz [] default null,
    p_error_codes text [] default null,
    p_errors text [] default null
)
returns integer
language plpgsql set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
    v_count integer;
    v_expected integer := coalesce(pg_catalog.cardinality(p_message_ids), 0);
    v_now timestamptz := wahook_private.clock_now();
begin
    perform wahook_private.check_transition_allowed('media', p_from_state, p_to_state);
    if v_expected = 0 then
        return 0;
    end if;

    with wanted as (
        select u.conversation_id, u.message_id, u.next_attempt_at, u.error_code, u.error
        from unnest(
            p_conversation_ids, p_message_ids, coalesce(p_next_attempt_ats, '{}'::timestamptz []),
            coalesce(p_error_codes, '{}'::text []), coalesce(p_errors, '{}'::text [])
        ) as u (conversation_id, message_id, next_attempt_at, error_code, error)
        where u.message_id is not null
    ),

    moved as (
        update wahook_private.inbound_media as f
        set status = p_to_state,
            attempt_count = f.attempt_count + case when p_to_state = 'fetching' then 1 else 0 end,
            next_attempt_at = case when p_to_state = 'pending' then w.next_attempt_at end,
            lease_owner = case when p_to_state = 'fetching' then p_worker end,
            lease_expires_at = case when p_to_state = 'fetching' then p_lease_expires_at end,
            error_code = case when p_to_state in ('pending', 'failed') then w.error_code else f.error_code end,
            last_error = case when p_to_state in ('pending', 'failed') then w.error else f.last_error end,
            settled_at = case when p_to_state in ('fetched', 'failed') then v_now end,
            updated_at = v_now
        from wanted as w
        where f.conversation_id = any(p_conversation_ids)
            and f.message_id = any(p_message_ids)
            and f.conversation_id = w.conversation_id
            and f.message_id = w.message_id
            and f.status = p_from_state
        returning f.conversation_id, f.message_id, f.attempt_count, f.error_code
    )

    insert into wahook_private.inbound_media_transitions (
        conversation_id, message_id, from_state, to_state, attempt, reason, error_code, created_at
    )
    select
        moved.conversation_id, moved.message_id, p_from_state, p_to_state, moved.attempt_count, p_reason,
        case when p_to_state in ('pending', 'failed') then moved.error_code end, v_now
    from moved
    order by moved.conversation_id, moved.message_id;

    get diagnostics v_count = row_count;
    if v_count <> v_expected then
        raise exception using
            errcode = 'WH012',
            message = pg_catalog.format(
                '%s of %s media were not in state %s (transition to %s refused)',
                v_expected - v_count, v_expected, p_from_state, p_to_state
            ),
            hint = 'Lock the media rows before changing them; name each once.';
    end if;
    return v_count;
end
$$;

comment on function wahook_private.transition_media(
    bigint [], bigint [], text, text, text, text, timestamptz, timestamptz [], text [], text []
) is
'Media helper, the one place inbound_media changes state: moves media (p_conversation_ids[i], p_message_ids[i]) from p_from_state to p_to_state, writing one inbound_media_transitions row each (reason p_reason). To fetching: attempt_count + 1, leased to p_worker until p_lease_expires_at. To pending: due at p_next_attempt_ats[i], with error p_error_codes[i] and p_errors[i]. To fetched or failed: settled now (failed with its error). Returns how many moved. Raises WH012 when the transition is not in media_state_rules or not every media was in p_from_state.';
