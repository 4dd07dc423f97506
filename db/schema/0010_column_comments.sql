-- Comments on every column that 0002-0008 left undocumented (a test requires one on each column of
-- wahook_private; the generated docs and psql's \d+ show them).
comment on column wahook_private.schema_migrations.name is 'The db/schema file name, e.g. 0003_settings.sql.';
comment on column wahook_private.schema_migrations.checksum is 'sha256 of the file as applied; a push refuses a file that changed since.';
comment on column wahook_private.schema_migrations.applied_at is 'When the file was applied.';

comment on column wahook_private.error_codes.sqlstate is 'The SQLSTATE, WH followed by three characters.';
comment on column wahook_private.error_codes.name is 'Short name of the error, e.g. lease_lost.';
comment on column wahook_private.error_codes.description is 'When the API raises it.';

comment on column wahook_private.settings.id is 'Always true: the primary key that keeps the table to one row.';

comment on column wahook_private.webhook_events.id is 'Identity of the webhook body.';
comment on column wahook_private.webhook_events.received_at is 'When wahook.process_message stored the body.';

comment on column wahook_private.business_events.id is 'Identity of the change.';
comment on column wahook_private.business_events.event_id is 'The raw webhook body it came in (null once that body was purged).';
comment on column wahook_private.business_events.kind is 'event (a non-message change) or error (one entry of value.errors).';
comment on column wahook_private.business_events.waba_id is 'The WhatsApp Business Account id of the entry.';
comment on column wahook_private.business_events.phone_number_id is 'The business phone number id of the change, when it names one.';
comment on column wahook_private.business_events.received_at is 'When the body carrying it was stored.';
comment on column wahook_private.business_events.correlation_id is 'Request id of the webhook body.';

comment on column wahook_private.conversation_state_rules.from_state is 'State before the transition.';
comment on column wahook_private.conversation_state_rules.to_state is 'State after the transition.';
comment on column wahook_private.conversation_state_rules.description is 'When this transition happens.';

comment on column wahook_private.webhook_conversations.phone_number_id is 'The business phone number id (metadata.phone_number_id) the customer writes to.';
comment on column wahook_private.webhook_conversations.customer_wa_id is 'The customer''s WhatsApp id (phone number), when the webhook gives one.';
comment on column wahook_private.webhook_conversations.customer_user_id is 'The customer''s business-scoped user id, when the webhook gives one.';
comment on column wahook_private.webhook_conversations.display_phone_number is 'The business phone number as displayed (metadata.display_phone_number).';
comment on column wahook_private.webhook_conversations.profile_name is 'The customer''s profile name, as last received.';
comment on column wahook_private.webhook_conversations.state is 'idle, pending, processing, retry_wait or paused; changed only by wahook_private.transition_conversation.';
comment on column wahook_private.webhook_conversations.lease_owner is 'The worker holding the lease (set exactly when processing).';
comment on column wahook_private.webhook_conversations.lease_expires_at is 'When the lease lapses unless a heartbeat extends it.';
comment on column wahook_private.webhook_conversations.last_error is 'Error of the latest failed turn.';
comment on column wahook_private.webhook_conversations.paused_reason is 'Why the conversation is paused (only when paused).';
comment on column wahook_private.webhook_conversations.turn_count is 'Agent turns started so far.';
comment on column wahook_private.webhook_conversations.created_at is 'When the first message or status of the conversation arrived.';
comment on column wahook_private.webhook_conversations.updated_at is 'When the row last changed.';
comment on column wahook_private.webhook_conversations.state_changed_at is 'When state last changed.';

comment on column wahook_private.conversation_state_transitions.id is 'Identity of the audit row.';
comment on column wahook_private.conversation_state_transitions.conversation_id is 'The conversation that changed state.';
comment on column wahook_private.conversation_state_transitions.from_state is 'State before.';
comment on column wahook_private.conversation_state_transitions.to_state is 'State after.';
comment on column wahook_private.conversation_state_transitions.reason is 'Why it changed (e.g. claimed, turn completed, lease expired).';
comment on column wahook_private.conversation_state_transitions.actor is 'Who changed it: a worker name, maintenance, or an operator.';
comment on column wahook_private.conversation_state_transitions.lease_token is 'The fencing token of the lease involved, if any.';
comment on column wahook_private.conversation_state_transitions.correlation_id is 'Request id that caused the change, if any.';
comment on column wahook_private.conversation_state_transitions.created_at is 'When it changed.';

comment on column wahook_private.message_state_rules.from_state is 'State before the transition.';
comment on column wahook_private.message_state_rules.to_state is 'State after the transition.';
comment on column wahook_private.message_state_rules.description is 'When this transition happens.';

comment on column wahook_private.processed_webhook_messages.id is 'Identity of the message; with conversation_id, its key.';
comment on column wahook_private.processed_webhook_messages.conversation_id is 'The conversation the message belongs to.';
comment on column wahook_private.processed_webhook_messages.wamid is 'WhatsApp message id; unique within the conversation (idempotency).';
comment on column wahook_private.processed_webhook_messages.event_id is 'The raw webhook body it came in (null once that body was purged).';
comment on column wahook_private.processed_webhook_messages.message_type is 'The WhatsApp message type (text, image, interactive, ...).';
comment on column wahook_private.processed_webhook_messages.received_at is 'When wahook stored it.';
comment on column wahook_private.processed_webhook_messages.context_wamid is 'The wamid this message replies to (context.id), if any.';
comment on column wahook_private.processed_webhook_messages.status is 'ignored, pending, processing, completed, dead or skipped; changed only by wahook_private.transition_messages.';
comment on column wahook_private.processed_webhook_messages.claimed_at is 'When a turn last took it.';
comment on column wahook_private.processed_webhook_messages.completed_at is 'When its turn completed (set exactly when completed).';
comment on column wahook_private.processed_webhook_messages.dead_at is 'When it went dead (set exactly when dead).';
comment on column wahook_private.processed_webhook_messages.last_error is 'Error of its latest failed try.';
comment on column wahook_private.processed_webhook_messages.correlation_id is 'Request id of the webhook body it came in.';

comment on column wahook_private.message_state_transitions.id is 'Identity of the audit row.';
comment on column wahook_private.message_state_transitions.conversation_id is 'The conversation of the message.';
comment on column wahook_private.message_state_transitions.message_id is 'The message that changed state.';
comment on column wahook_private.message_state_transitions.from_state is 'State before.';
comment on column wahook_private.message_state_transitions.to_state is 'State after.';
comment on column wahook_private.message_state_transitions.reason is 'Why it changed.';
comment on column wahook_private.message_state_transitions.lease_token is 'The fencing token of the turn involved, if any.';
comment on column wahook_private.message_state_transitions.created_at is 'When it changed.';

comment on column wahook_private.webhook_dlq.id is 'Identity of the entry.';
comment on column wahook_private.webhook_dlq.conversation_id is 'The conversation of the failed message.';
comment on column wahook_private.webhook_dlq.message_id is 'The failed message (one entry per message).';
comment on column wahook_private.webhook_dlq.wamid is 'The failed message''s wamid, for operators.';
comment on column wahook_private.webhook_dlq.status is 'retry_scheduled, retrying, dead, replayed or resolved.';
comment on column wahook_private.webhook_dlq.attempt_count is 'Failed tries so far.';
comment on column wahook_private.webhook_dlq.errors is 'JSON array of every failed try''s error, oldest first.';
comment on column wahook_private.webhook_dlq.next_attempt_at is 'When the next retry is due (set exactly when retry_scheduled).';
comment on column wahook_private.webhook_dlq.first_failed_at is 'When the first try failed.';
comment on column wahook_private.webhook_dlq.last_failed_at is 'When the latest try failed.';
comment on column wahook_private.webhook_dlq.dead_at is 'When retries ran out (or the failure was not retryable).';
comment on column wahook_private.webhook_dlq.replayed_at is 'When wahook.replay_dlq brought it back.';
comment on column wahook_private.webhook_dlq.resolved_at is 'When a later try succeeded.';

comment on column wahook_private.agent_contexts.id is 'Identity of the entry; entries of a conversation are in id order.';
comment on column wahook_private.agent_contexts.conversation_id is 'The conversation the memory belongs to.';
comment on column wahook_private.agent_contexts.role is 'user (inbound messages of a turn) or assistant (the reply).';
comment on column wahook_private.agent_contexts.content is 'The text the agent sees.';
comment on column wahook_private.agent_contexts.message_id is 'The inbound message it came from, for role user.';
comment on column wahook_private.agent_contexts.lease_token is 'The turn that wrote it.';
comment on column wahook_private.agent_contexts.created_at is 'When it was written.';

comment on column wahook_private.agent_turns.id is 'Identity of the turn.';
comment on column wahook_private.agent_turns.conversation_id is 'The conversation of the turn.';
comment on column wahook_private.agent_turns.lease_token is 'The fencing token of the claim that started the turn (one turn per claim).';
comment on column wahook_private.agent_turns.worker is 'The worker that claimed the conversation.';
comment on column wahook_private.agent_turns.status is 'running, completed, failed or abandoned.';
comment on column wahook_private.agent_turns.message_count is 'Inbound messages the turn took.';
comment on column wahook_private.agent_turns.started_at is 'When the conversation was claimed.';
comment on column wahook_private.agent_turns.finished_at is 'When the turn ended (null while running).';
comment on column wahook_private.agent_turns.provider is 'The agent provider (echo, openai, ...).';
comment on column wahook_private.agent_turns.model is 'The model the provider used.';
comment on column wahook_private.agent_turns.tokens_in is 'Prompt tokens of the turn.';
comment on column wahook_private.agent_turns.tokens_out is 'Completion tokens of the turn.';
comment on column wahook_private.agent_turns.latency_ms is 'Time the agent call took, in milliseconds.';
comment on column wahook_private.agent_turns.error_code is 'Short error class of a failed turn.';
comment on column wahook_private.agent_turns.error_message is 'Error of a failed turn.';
comment on column wahook_private.agent_turns.retryable is 'Whether the failure of a failed turn may be retried.';
comment on column wahook_private.agent_turns.correlation_id is 'Request id carried into the turn, if any.';

comment on column wahook_private.agent_sessions.conversation_id is 'The conversation the totals are of.';
comment on column wahook_private.agent_sessions.turn_count is 'Turns that completed or failed.';
comment on column wahook_private.agent_sessions.error_count is 'Turns that failed.';
comment on column wahook_private.agent_sessions.tokens_in_total is 'Sum of tokens_in over the turns.';
comment on column wahook_private.agent_sessions.tokens_out_total is 'Sum of tokens_out over the turns.';
comment on column wahook_private.agent_sessions.latency_ms_total is 'Sum of latency_ms over the turns.';
comment on column wahook_private.agent_sessions.last_provider is 'Provider of the latest turn.';
comment on column wahook_private.agent_sessions.last_model is 'Model of the latest turn.';
comment on column wahook_private.agent_sessions.last_turn_at is 'When the latest turn ended.';
comment on column wahook_private.agent_sessions.last_error is 'Error of the latest failed turn.';
comment on column wahook_private.agent_sessions.last_error_at is 'When the latest turn failed.';
comment on column wahook_private.agent_sessions.created_at is 'When the first turn of the conversation ended.';
comment on column wahook_private.agent_sessions.updated_at is 'When the totals last changed.';

comment on column wahook_private.outbound_messages.id is 'Identity of the reply.';
comment on column wahook_private.outbound_messages.conversation_id is 'The conversation it answers.';
comment on column wahook_private.outbound_messages.phone_number_id is 'The business phone number id it is sent from.';
comment on column wahook_private.outbound_messages.recipient is 'The customer it is sent to (the "to" of the Graph API call).';
comment on column wahook_private.outbound_messages.status is 'queued, sending, sent, delivered, read, played, failed or unknown.';
comment on column wahook_private.outbound_messages.wamid is 'The wamid Meta returned for the send.';
comment on column wahook_private.outbound_messages.attempt_count is 'Send attempts so far.';
comment on column wahook_private.outbound_messages.next_attempt_at is 'When a queued reply may be sent (next).';
comment on column wahook_private.outbound_messages.sender is 'The sender holding the reply (set exactly when sending).';
comment on column wahook_private.outbound_messages.sending_expires_at is 'When a send in progress is considered lost.';
comment on column wahook_private.outbound_messages.errors is 'JSON array of every failed send''s error, oldest first.';
comment on column wahook_private.outbound_messages.correlation_id is 'Request id carried into the reply, if any.';
comment on column wahook_private.outbound_messages.created_at is 'When the turn queued it.';
comment on column wahook_private.outbound_messages.sent_at is 'When Meta accepted it.';
comment on column wahook_private.outbound_messages.delivered_at is 'When a status webhook reported it delivered.';
comment on column wahook_private.outbound_messages.read_at is 'When a status webhook reported it read.';
comment on column wahook_private.outbound_messages.failed_at is 'When it failed for good (set exactly when failed).';
comment on column wahook_private.outbound_messages.updated_at is 'When the row last changed.';

comment on column wahook_private.outbound_status_events.id is 'Identity of the status event.';
comment on column wahook_private.outbound_status_events.conversation_id is 'The conversation of the outbound message.';
comment on column wahook_private.outbound_status_events.wamid is 'The outbound message''s wamid.';
comment on column wahook_private.outbound_status_events.status is 'The reported status (sent, delivered, read, played, failed, ...).';
comment on column wahook_private.outbound_status_events.wa_timestamp is 'The WhatsApp timestamp of the status.';
comment on column wahook_private.outbound_status_events.errors is 'The errors array of a failed status, if any.';
comment on column wahook_private.outbound_status_events.payload is 'The status object as received (null once payload retention passed).';
comment on column wahook_private.outbound_status_events.event_id is 'The raw webhook body it came in (null once that body was purged).';
comment on column wahook_private.outbound_status_events.outcome is 'applied, stale (older than the status already known) or unmatched (wamid not known yet).';
comment on column wahook_private.outbound_status_events.received_at is 'When wahook stored it.';
comment on column wahook_private.outbound_status_events.applied_at is 'When it was applied to the outbound message.';
comment on column wahook_private.outbound_status_events.correlation_id is 'Request id of the webhook body it came in.';
