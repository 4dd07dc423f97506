-- Health check oldest_pending_message_seconds: the age of the oldest pending message of the
-- conversations a human does not hold (processed_webhook_messages_pending_received_at_idx). Some
-- wait is normal: warn above half of settings.health_max_oldest_pending_seconds, critical above it.
create or replace function wahook_private.health_oldest_pending_message_seconds()
returns table (check_name text, status text, value numeric, threshold numeric, details text)
language plpgsql
stable
set search_path = ''
as $$
declare
    v_settings wahook_private.settings;
    v_at timestamptz;
begin
    select * into strict v_settings from wahook_private.settings as s where s.id;

    select pg_catalog.min(m.received_at)
    into v_at
    from wahook_private.processed_webhook_messages as m
    inner join wahook_private.webhook_conversations as c on m.conversation_id = c.conversation_id
    where m.status = 'pending' and c.state <> 'paused';
    check_name := 'oldest_pending_message_seconds';
    value := pg_catalog.round(extract(epoch from wahook_private.clock_now() - v_at), 1);
    threshold := v_settings.health_max_oldest_pending_seconds;
    status := wahook_private.health_status(value, threshold, threshold / 2);
    details := case
        when v_at is null then 'no message is pending'
        else pg_catalog.format('the oldest pending message arrived at %s', v_at)
    end;
    return next;
end
$$;

comment on function wahook_private.health_oldest_pending_message_seconds() is
'Health check oldest_pending_message_seconds: seconds since the oldest pending message (of a conversation not paused) arrived, null when none; warn above half of settings.health_max_oldest_pending_seconds, critical above it. One row (check_name, status, value, threshold, details).';

revoke all on function wahook_private.health_oldest_pending_message_seconds() from public;
