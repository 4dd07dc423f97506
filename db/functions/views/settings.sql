-- The settings, one row, for operators and BI tools. Columns are listed (not s.*) to leave out the
-- constant id; a new setting column is appended here too (a test checks that none is missing), at
-- the end: create or replace view can add columns only after the existing ones, so settings added
-- by later schema files come after updated_at.
create or replace view wahook.settings as
select
    s.lease_seconds,
    s.retry_max_attempts,
    s.retry_base_seconds,
    s.retry_max_delay_seconds,
    s.retry_jitter_ratio,
    s.agent_turns_per_minute,
    s.agent_message_types,
    s.outbox_sending_timeout_seconds,
    s.dedupe_retention_days,
    s.raw_event_retention_days,
    s.payload_retention_days,
    s.cron_history_retention_days,
    s.health_max_stuck_conversations,
    s.health_max_dlq_pending,
    s.health_max_errors_per_hour,
    s.health_max_p95_processing_ms,
    s.health_stuck_after_seconds,
    s.health_max_expired_leases,
    s.health_max_oldest_pending_seconds,
    s.health_max_dead_messages_per_day,
    s.health_max_outbox_failures_per_hour,
    s.health_max_cron_failures_per_hour,
    s.health_max_cron_lag_seconds,
    s.updated_at,
    s.outbound_unknown_settle_seconds,
    s.health_max_inbox_lag_seconds,
    s.test_clock_enabled,
    s.conversation_retention_days,
    s.agent_context_retention_days,
    s.outbox_retention_days,
    s.purge_batch_size,
    s.media_fetch_enabled,
    s.media_max_attempts,
    s.media_retry_base_seconds,
    s.media_retry_max_delay_seconds,
    s.media_lease_seconds,
    s.media_retention_days,
    s.handoff_quiet_minutes
from wahook_private.settings as s;

comment on view wahook.settings is
'The operator settings, one row. Change them with wahook.update_settings(jsonb).';

-- Each column carries the comment of the settings column it shows.
do $$
declare
    v_column record;
begin
    for v_column in
        select a.attname, pg_catalog.col_description(a.attrelid, a.attnum) as description
        from pg_catalog.pg_attribute as a
        where a.attrelid = 'wahook_private.settings'::regclass
            and a.attnum > 0
            and not a.attisdropped
            and a.attname <> 'id'
            and exists (
                select from pg_catalog.pg_attribute as v
                where v.attrelid = 'wahook.settings'::regclass and v.attname = a.attname
            )
    loop
        execute pg_catalog.format(
            'comment on column wahook.settings.%I is %L', v_column.attname, v_column.description
        );
    end loop;
end
$$;
