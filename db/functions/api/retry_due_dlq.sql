-- Moves retry_wait conversations whose backoff has passed to pending, so dashboards and the
-- pending-only consumers see them as ready. claim_conversation takes a due retry_wait conversation
-- directly too, so a late or missing run delays nothing. Their DLQ rows stay retry_scheduled until
-- the claim marks them retrying.
create or replace function wahook.retry_due_dlq()
returns integer
language plpgsql security definer set search_path = ''
as $$
declare
    v_conversation_id bigint;
    v_count integer := 0;
begin
    for v_conversation_id in
        select c.conversation_id
        from wahook_private.webhook_conversations as c
        where c.state = 'retry_wait' and c.available_at <= wahook_private.clock_now()
        order by c.available_at
        for update skip locked
    loop
        perform wahook_private.settle_conversation(v_conversation_id, 'retry_wait', 'retry due', 'retry_due_dlq');
        v_count := v_count + 1;
    end loop;
    return v_count;
end
$$;

comment on function wahook.retry_due_dlq() is
'Moves retry_wait conversations whose retry time has come to pending (or to idle if nothing waits any more), skipping rows others hold. Their DLQ rows stay retry_scheduled until claimed. Returns the number of conversations moved. Raises nothing of its own.';
