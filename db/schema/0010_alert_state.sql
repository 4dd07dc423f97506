-- What the alert notifier last told the operators about each health check, so that every instance
-- of the sidecar agrees on it: a check that turns critical is announced once, and its recovery once,
-- however many instances watch (wahook.claim_alert_transitions, wahook.record_alert_sent).
create table wahook_private.alert_states (
    check_name text primary key,
    notified_status text not null,
    value numeric,
    threshold numeric,
    notified_at timestamptz not null default now(),
    constraint notified_status_is_valid check (notified_status in ('ok', 'warn', 'critical'))
);

comment on table wahook_private.alert_states is
'One row per health check the alert notifier has announced: the status it last announced (a check without a row counts as announced ok). Written by wahook.record_alert_sent, read by wahook.claim_alert_transitions.';
comment on column wahook_private.alert_states.check_name is 'The check_name of wahook.check_webhook_system_health().';
comment on column wahook_private.alert_states.notified_status is 'The status announced last: critical after a critical alert, ok or warn after a recovery.';
comment on column wahook_private.alert_states.value is 'The value of the check when it was announced.';
comment on column wahook_private.alert_states.threshold is 'The threshold of the check when it was announced.';
comment on column wahook_private.alert_states.notified_at is 'When the announcement was recorded.';

-- As db/schema/0009_security.sql does for the tables before it.
alter table wahook_private.alert_states enable row level security;
revoke all on table wahook_private.alert_states from public;
