-- Human handoff (issue 12, item 4): the agent asks for a person, a person answers through the outbox,
-- and messages the business types in the WhatsApp Business app (coexistence echoes) are stored as
-- the business's own, pausing the agent.

-- How long a conversation paused by a handoff or a takeover stays paused without human activity.
alter table wahook_private.settings add column handoff_quiet_minutes integer;
alter table wahook_private.settings add constraint handoff_quiet_minutes_is_sane check (
    handoff_quiet_minutes is null or handoff_quiet_minutes between 1 and 43200
);
comment on column wahook_private.settings.handoff_quiet_minutes is
'A conversation paused by the agent''s handoff or by a takeover (a message typed in the WhatsApp Business app) resumes by itself after this many minutes without human activity (an echo or a human reply), run by cleanup_stuck_conversations. null (the default): it stays paused until wahook.resume_conversation. Pauses by an operator (wahook.pause_conversation) never resume by themselves. 1 to 43200 (30 days).';

-- The outbox carries people's messages too: a human reply (wahook.send_human_reply, queued and sent
-- like a reply) or an echo of one typed in the WhatsApp Business app (stored sent). They come from
-- no turn, so they have no lease_token and name their author instead. Nulls do not collide in
-- one_reply_per_turn, so any number of them fit beside the agent's one reply per turn.
alter table wahook_private.outbound_messages alter column lease_token drop not null;
alter table wahook_private.outbound_messages add column author text;
alter table wahook_private.outbound_messages add column withheld_at timestamptz;
alter table wahook_private.outbound_messages add column edited_at timestamptz;
alter table wahook_private.outbound_messages add column revoked_at timestamptz;
alter table wahook_private.outbound_messages drop constraint status_is_valid;
alter table wahook_private.outbound_messages add constraint status_is_valid check (
    status in ('queued', 'sending', 'sent', 'delivered', 'read', 'played', 'failed', 'unknown', 'withheld')
);
alter table wahook_private.outbound_messages add constraint agent_replies_have_a_turn_human_ones_an_author check (
    (lease_token is null) = (author is not null)
);
alter table wahook_private.outbound_messages add constraint author_is_sane check (
    author is null or length(author) between 1 and 200
);
alter table wahook_private.outbound_messages add constraint withheld_at_is_set_when_withheld check (
    (status = 'withheld') = (withheld_at is not null)
);
alter table wahook_private.outbound_messages add constraint only_human_messages_are_edited_or_revoked check (
    author is not null or (edited_at is null and revoked_at is null)
);

comment on column wahook_private.outbound_messages.lease_token is
'The turn that produced the reply; null for a person''s message (author set).';
comment on column wahook_private.outbound_messages.author is
'Who wrote a person''s message: the author given to wahook.send_human_reply, or ''whatsapp business app'' for an echo of a message typed there. null for the agent''s replies.';
comment on column wahook_private.outbound_messages.withheld_at is
'When the claim withheld an agent reply because the conversation was paused for a person after the reply was queued (status withheld, never sent).';
comment on column wahook_private.outbound_messages.edited_at is
'When the business edited this echoed message in the WhatsApp Business app (its body holds the new text).';
comment on column wahook_private.outbound_messages.revoked_at is
'When the business deleted this echoed message in the WhatsApp Business app (its text is gone from the body and from the memory).';

-- Memory entries of people's messages name their outbox row, so an echoed edit or revoke finds them.
alter table wahook_private.agent_contexts add column outbound_id bigint;
comment on column wahook_private.agent_contexts.outbound_id is
'The outbox row of a person''s message (role assistant, what the business said), for human replies and echoes; null otherwise.';

-- The pause of each conversation that was ever paused, and what it means for the outbox.
create table wahook_private.conversation_handoffs (
    conversation_id bigint primary key references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    kind text not null,
    reason text,
    paused_at timestamptz not null,
    last_human_at timestamptz not null,
    withhold_through_outbound_id bigint not null default 0,
    updated_at timestamptz not null default now(),
    constraint kind_is_valid check (kind in ('handoff', 'takeover', 'operator')),
    constraint last_human_at_is_not_before_paused_at check (last_human_at >= paused_at)
);

create index conversation_handoffs_quiet_idx on wahook_private.conversation_handoffs (last_human_at)
where kind in ('handoff', 'takeover');

comment on table wahook_private.conversation_handoffs is
'The latest pause of each conversation ever paused (kept after it resumes): what paused it, when, the latest human activity since, and the newest agent reply queued before it (agent replies up to it that are still queued are withheld, never sent).';
comment on column wahook_private.conversation_handoffs.conversation_id is 'The paused conversation.';
comment on column wahook_private.conversation_handoffs.kind is
'handoff (the agent asked for a person), takeover (the business wrote in the WhatsApp Business app) or operator (wahook.pause_conversation).';
comment on column wahook_private.conversation_handoffs.reason is 'The reason given for the pause.';
comment on column wahook_private.conversation_handoffs.paused_at is 'When the latest pause began.';
comment on column wahook_private.conversation_handoffs.last_human_at is
'The latest human activity (the pause, an echo, a human reply): settings.handoff_quiet_minutes counts from it.';
comment on column wahook_private.conversation_handoffs.withhold_through_outbound_id is
'The newest agent reply of the conversation queued before the latest pause (0: none): claim_outbound_messages withholds agent replies up to it that are still queued.';
comment on column wahook_private.conversation_handoffs.updated_at is 'When the row last changed.';

-- Alerts of the agent asking for a person, delivered by the alert loop (WAHOOK_ALERT_WEBHOOK_URL).
create table wahook_private.handoff_alerts (
    id bigint generated always as identity,
    conversation_id bigint not null references wahook_private.webhook_conversations (conversation_id)
    on delete cascade,
    reason text not null,
    lease_token bigint,
    created_at timestamptz not null default now(),
    notified_at timestamptz,
    primary key (conversation_id, id),
    constraint reason_is_sane check (length(reason) between 1 and 1000)
);

create index handoff_alerts_unsent_idx on wahook_private.handoff_alerts (created_at)
where notified_at is null;

comment on table wahook_private.handoff_alerts is
'One row per handoff (the agent asked for a person): announced once by the alert loop (wahook.claim_handoff_alerts, wahook.record_handoff_alert_sent).';
comment on column wahook_private.handoff_alerts.id is 'Identity of the alert.';
comment on column wahook_private.handoff_alerts.conversation_id is 'The conversation handed off.';
comment on column wahook_private.handoff_alerts.reason is 'Why the agent asked for a person.';
comment on column wahook_private.handoff_alerts.lease_token is 'The turn that asked.';
comment on column wahook_private.handoff_alerts.created_at is 'When the agent asked.';
comment on column wahook_private.handoff_alerts.notified_at is 'When the alert was delivered (null until then).';

-- As db/schema/0009_security.sql does for the tables before it.
alter table wahook_private.conversation_handoffs enable row level security;
revoke all on table wahook_private.conversation_handoffs from public;
alter table wahook_private.handoff_alerts enable row level security;
revoke all on table wahook_private.handoff_alerts from public;

-- The paused conversations (wahook.paused_conversations, the dashboard) without a scan of all.
create index webhook_conversations_paused_idx on wahook_private.webhook_conversations (conversation_id)
where state = 'paused';
