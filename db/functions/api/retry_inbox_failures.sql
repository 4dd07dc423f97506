-- An operator has looked at bodies that ingest_inbox kept aside (check ingest_failed) and fixed the
-- cause: they go back to the queue. They keep their ids, so the next ingest_inbox call takes them
-- first, after bodies that arrived later were already ingested.
create or replace function wahook.retry_inbox_failures(p_ids bigint [] default null)
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
    v_count integer;
begin
    update wahook_private.webhook_inbox as w
    set failed_at = null,
        last_error = null
    where w.failed_at is not null and (p_ids is null or w.id = any(p_ids));
    get diagnostics v_count = row_count;
    return v_count;
end
$$;

comment on function wahook.retry_inbox_failures(bigint []) is
'Puts inbox bodies that wahook.ingest_inbox kept aside (failed_at set; check ingest_failed of check_webhook_system_health) back in the queue: those of p_ids, or all when p_ids is null. Returns how many. The next ingest_inbox call tries them first. Raises nothing of its own.';
