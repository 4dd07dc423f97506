-- Retention of the personal data that was kept forever: conversations (with everything of theirs),
-- agent memory and the outbox. purge_expired applies them in batches of purge_batch_size.
alter table wahook_private.settings
add column conversation_retention_days integer not null default 90;
alter table wahook_private.settings
add column agent_context_retention_days integer not null default 90;
alter table wahook_private.settings
add column outbox_retention_days integer not null default 90;
alter table wahook_private.settings
add column purge_batch_size integer not null default 10000;
-- One constraint per statement (Citus: an add constraint beside other subcommands is refused).
alter table wahook_private.settings
add constraint conversation_retention_is_positive check (conversation_retention_days > 0);
alter table wahook_private.settings
add constraint agent_context_retention_is_positive check (agent_context_retention_days > 0);
alter table wahook_private.settings
add constraint outbox_retention_is_positive check (outbox_retention_days > 0);
-- At least 100, or a backlog would outlive a daily purge; at most a million, to keep the
-- transaction of one purge short.
alter table wahook_private.settings
add constraint purge_batch_size_is_sane check (purge_batch_size between 100 and 1000000);

comment on column wahook_private.settings.conversation_retention_days is
'Days after its last change that an idle conversation with no work in flight is deleted with all its rows (messages, contexts, turns, session, replies, audit) by purge_expired. A conversation is kept while it is not idle (pending, processing, retry_wait, paused), holds a message that is not final or whose deduplication record is younger than dedupe_retention_days, a DLQ entry not settled, or a reply not settled or younger than outbox_retention_days.';
comment on column wahook_private.settings.agent_context_retention_days is
'Days the agent''s conversation memory (agent_contexts rows) is kept; older entries are deleted by purge_expired.';
comment on column wahook_private.settings.outbox_retention_days is
'Days after its last change that a settled reply (sent, delivered, read, played, failed) is deleted by purge_expired; queued, sending and unknown replies stay.';
comment on column wahook_private.settings.purge_batch_size is
'Most rows (conversations for conversation retention) each retention of purge_expired deletes per call; a count equal to it means more remain for the next call. 100 to 1000000.';
