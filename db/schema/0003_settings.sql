-- One typed row of settings: CHECKs validate what operators change; a new setting is a new column.
create table wahook_private.settings (
    id boolean primary key default true,
    lease_seconds integer not null default 120,
    retry_max_attempts integer not null default 3,
    retry_base_seconds integer not null default 60,
    retry_max_delay_seconds integer not null default 3600,
    retry_jitter_ratio numeric not null default 0.1,
    agent_turns_per_minute integer not null default 6,
    agent_message_types text [] not null default array[
        'text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts',
        'interactive', 'button', 'order'
    ],
    outbox_sending_timeout_seconds integer not null default 300,
    dedupe_retention_days integer not null default 30,
    raw_event_retention_days integer not null default 14,
    payload_retention_days integer not null default 30,
    cron_history_retention_days integer not null default 7,
    health_max_stuck_conversations integer not null default 5,
    health_max_dlq_pending integer not null default 10,
    health_max_errors_per_hour integer not null default 10,
    health_max_p95_processing_ms integer not null default 2000,
    health_stuck_after_seconds integer not null default 600,
    health_max_expired_leases integer not null default 3,
    health_max_oldest_pending_seconds integer not null default 600,
    health_max_dead_messages_per_day integer not null default 10,
    health_max_outbox_failures_per_hour integer not null default 5,
    health_max_cron_failures_per_hour integer not null default 3,
    health_max_cron_lag_seconds integer not null default 300,
    updated_at timestamptz not null default now(),
    -- How long a reply whose send is unknown (a timeout after the request went out, or a sender
    -- that died mid-send) waits for a status webhook naming it by its callback data before
    -- cleanup_stuck_conversations queues it again. At least a minute: a late record_outbound_sent
    -- (the sender retrying while the database was away) may still settle it first. At most a day:
    -- past the 24-hour customer-service window the later replies it holds back cannot be sent
    -- anyway. Why resending beats giving up: see the column comment.
    outbound_unknown_settle_seconds integer not null default 900,
    health_max_inbox_lag_seconds integer not null default 60,
    -- The test clock (session setting wahook.now) is honoured only where the schema owner turned it
    -- on. Any login allowed to call the API can set a custom setting, so without this flag a service
    -- login could move the engine's clock: purge_expired would forget the deduplication history (a
    -- redelivered message answered twice) and live leases would look expired.
    -- wahook.update_settings refuses this column, so only the owner (UPDATE on the table) changes
    -- it: db/tests/setup.sql and the pytest template turn it on in test databases; production
    -- leaves it off.
    test_clock_enabled boolean not null default false,
    -- Retention of personal data: conversations (with everything of theirs), agent memory and the
    -- outbox; purge_expired applies them in batches of purge_batch_size.
    conversation_retention_days integer not null default 90,
    agent_context_retention_days integer not null default 90,
    outbox_retention_days integer not null default 90,
    purge_batch_size integer not null default 10000,
    constraint settings_is_one_row check (id),
    constraint lease_seconds_is_sane check (lease_seconds between 5 and 3600),
    constraint retry_max_attempts_is_sane check (retry_max_attempts between 0 and 20),
    constraint retry_base_seconds_is_positive check (retry_base_seconds > 0),
    constraint retry_max_delay_is_at_least_base check (retry_max_delay_seconds >= retry_base_seconds),
    constraint retry_jitter_ratio_is_a_fraction check (retry_jitter_ratio >= 0 and retry_jitter_ratio < 1),
    constraint agent_turns_per_minute_is_positive check (agent_turns_per_minute > 0),
    constraint outbox_sending_timeout_is_positive check (outbox_sending_timeout_seconds > 0),
    -- Meta retries a webhook for up to 7 days: forgetting a wamid sooner would answer it twice.
    constraint dedupe_retention_covers_meta_retries check (dedupe_retention_days >= 7),
    constraint raw_event_retention_is_positive check (raw_event_retention_days > 0),
    constraint payload_retention_is_positive check (payload_retention_days > 0),
    constraint cron_history_retention_is_positive check (cron_history_retention_days > 0),
    constraint health_thresholds_are_positive check (
        health_max_stuck_conversations >= 0
        and health_max_dlq_pending >= 0
        and health_max_errors_per_hour >= 0
        and health_max_p95_processing_ms > 0
    ),
    constraint health_count_thresholds_are_not_negative check (
        health_max_expired_leases >= 0
        and health_max_dead_messages_per_day >= 0
        and health_max_outbox_failures_per_hour >= 0
        and health_max_cron_failures_per_hour >= 0
    ),
    constraint health_durations_are_positive check (
        health_stuck_after_seconds > 0
        and health_max_oldest_pending_seconds > 0
        and health_max_cron_lag_seconds > 0
    ),
    constraint outbound_unknown_settle_is_sane check (outbound_unknown_settle_seconds between 60 and 86400),
    constraint health_max_inbox_lag_is_positive check (health_max_inbox_lag_seconds > 0),
    constraint conversation_retention_is_positive check (conversation_retention_days > 0),
    constraint agent_context_retention_is_positive check (agent_context_retention_days > 0),
    constraint outbox_retention_is_positive check (outbox_retention_days > 0),
    -- At least 100, or a backlog would outlive a daily purge; at most a million, to keep the
    -- transaction of one purge short.
    constraint purge_batch_size_is_sane check (purge_batch_size between 100 and 1000000)
);

insert into wahook_private.settings default values;

comment on table wahook_private.settings is
'The single row of operator settings. Change with wahook.update_settings(jsonb); read with wahook.settings.';
comment on column wahook_private.settings.lease_seconds is 'Length of a conversation lease taken by claim_conversation and extended by heartbeat.';
comment on column wahook_private.settings.retry_max_attempts is 'Retries after the first failed try before the messages of a turn are dead (0: dead at the first failure).';
comment on column wahook_private.settings.retry_base_seconds is 'Delay before the first retry; each later retry doubles it.';
comment on column wahook_private.settings.retry_max_delay_seconds is 'Cap of the retry delay.';
comment on column wahook_private.settings.retry_jitter_ratio is 'Retry delays are spread uniformly by plus or minus this fraction.';
comment on column wahook_private.settings.agent_turns_per_minute is 'Most agent turns a conversation may start in any 60 seconds; messages arriving meanwhile wait for the next turn.';
comment on column wahook_private.settings.agent_message_types is 'Inbound message types that reach the agent; others are recorded but not answered.';
comment on column wahook_private.settings.outbox_sending_timeout_seconds is
'A reply left in sending longer than this (its sender died or lost the database mid-send) is marked unknown by cleanup_stuck_conversations: a status webhook that names it by its callback data settles it as sent, otherwise it is sent again after outbound_unknown_settle_seconds.';
comment on column wahook_private.settings.dedupe_retention_days is 'Days a processed wamid is remembered for deduplication (at least 7: Meta retries for a week).';
comment on column wahook_private.settings.raw_event_retention_days is 'Days raw webhook bodies are kept.';
comment on column wahook_private.settings.payload_retention_days is 'Days message and reply payloads are kept before being cleared.';
comment on column wahook_private.settings.cron_history_retention_days is 'Days of pg_cron run history kept (cron.job_run_details).';
comment on column wahook_private.settings.health_max_stuck_conversations is 'Health: more stuck conversations than this is critical.';
comment on column wahook_private.settings.health_max_dlq_pending is 'Health: more pending DLQ entries than this is critical.';
comment on column wahook_private.settings.health_max_errors_per_hour is 'Health: more failed turns in the last hour than this is critical.';
comment on column wahook_private.settings.health_max_p95_processing_ms is 'Health: a p95 processing time above this (last hour) is critical.';
comment on column wahook_private.settings.health_stuck_after_seconds is 'Health: a conversation ready (pending, or retry_wait with its retry due) but not claimed for this long, or processing with a lease expired this long ago, is stuck.';
comment on column wahook_private.settings.health_max_expired_leases is 'Health: more conversations with an expired lease than this is critical (any is a warning).';
comment on column wahook_private.settings.health_max_oldest_pending_seconds is 'Health: an oldest pending message older than this is critical (older than half of it, a warning).';
comment on column wahook_private.settings.health_max_dead_messages_per_day is 'Health: more messages gone dead in the last 24 hours than this is critical (any is a warning).';
comment on column wahook_private.settings.health_max_outbox_failures_per_hour is 'Health: more replies failed or unknown in the last hour than this is critical (any is a warning).';
comment on column wahook_private.settings.health_max_cron_failures_per_hour is 'Health: more failed runs of the wahook-* pg_cron jobs in the last hour than this is critical (any is a warning).';
comment on column wahook_private.settings.health_max_cron_lag_seconds is 'Health: a wahook-* pg_cron job whose latest run started longer ago than its period plus this is late.';
comment on column wahook_private.settings.updated_at is 'When the settings last changed.';

comment on column wahook_private.settings.id is 'Always true: the primary key that keeps the table to one row.';
comment on column wahook_private.settings.outbound_unknown_settle_seconds is
'How long a reply whose send is unknown (a timeout after the request went out, or a sender that died mid-send) waits for a status webhook that names it by its callback data (biz_opaque_callback_data; such a status settles it as sent with its wamid). Past it, cleanup_stuck_conversations queues the reply again, while attempt_count <= retry_max_attempts (else it fails with error code unconfirmed), so the later replies of its conversation are not held back for ever. Default 900: Meta sends a sent or failed status within seconds of accepting a message and retries status webhooks the endpoint did not take, so a quarter of an hour without one means the send almost surely never happened; a resend answers twice only when Meta accepted the first send and no status of it arrived in this time (raise it if the endpoint may be down longer while senders run). 60 to 86400.';
comment on column wahook_private.settings.health_max_inbox_lag_seconds is
'check_webhook_system_health: the oldest acknowledged body still waiting in the inbox may be this old before the ingest_lag check warns (critical at twice it).';
comment on column wahook_private.settings.test_clock_enabled is
'Test databases only: when true, the session setting wahook.now replaces now() as the engine''s clock (wahook_private.clock_now). Read-only through wahook.update_settings; only the schema owner changes it. False in production, where wahook.now is ignored.';
comment on column wahook_private.settings.conversation_retention_days is
'Days after its last change that an idle conversation with no work in flight is deleted with all its rows (messages, contexts, turns, session, replies, audit) by purge_expired. A conversation is kept while it is not idle (pending, processing, retry_wait, paused), holds a message that is not final or whose deduplication record is younger than dedupe_retention_days, a DLQ entry not settled, or a reply not settled or younger than outbox_retention_days.';
comment on column wahook_private.settings.agent_context_retention_days is
'Days the agent''s conversation memory (agent_contexts rows) is kept; older entries are deleted by purge_expired.';
comment on column wahook_private.settings.outbox_retention_days is
'Days after its last change that a settled reply (sent, delivered, read, played, failed) is deleted by purge_expired; queued, sending and unknown replies stay.';
comment on column wahook_private.settings.purge_batch_size is
'Most rows (conversations for conversation retention) each retention of purge_expired deletes per call; a count equal to it means more remain for the next call. 100 to 1000000.';
