-- Customer edits and revokes (deletes) of their own messages (wahook_private.apply_message_changes,
-- called by ingest): an edit or revoke is stored as a message of its own (type edit or revoke,
-- status ignored, its payload as received) that names its original by wamid; the original keeps
-- its payload as received and records which change it now shows. Its text_body is the text the
-- agent reads: an edit's new text, none once revoked.
alter table wahook_private.processed_webhook_messages add column original_wamid text;
alter table wahook_private.processed_webhook_messages add column edited_by bigint;
alter table wahook_private.processed_webhook_messages add column edited_at timestamptz;
alter table wahook_private.processed_webhook_messages add column revoked_by bigint;
alter table wahook_private.processed_webhook_messages add column revoked_at timestamptz;

alter table wahook_private.processed_webhook_messages
add constraint original_wamid_is_sane check (length(original_wamid) between 1 and 512);
alter table wahook_private.processed_webhook_messages
add constraint only_an_edit_or_revoke_names_an_original check (
    original_wamid is null or message_type in ('edit', 'revoke')
);
alter table wahook_private.processed_webhook_messages
add constraint edited_by_and_edited_at_go_together check ((edited_by is null) = (edited_at is null));
alter table wahook_private.processed_webhook_messages
add constraint revoked_by_and_revoked_at_go_together check ((revoked_by is null) = (revoked_at is null));
-- A revoked message is never answered: it leaves the queue before it is marked revoked.
alter table wahook_private.processed_webhook_messages
add constraint revoked_message_is_not_queued check (
    revoked_at is null or status not in ('pending', 'processing')
);
alter table wahook_private.processed_webhook_messages
add constraint revoked_message_has_no_text check (revoked_at is null or text_body is null);

-- The changes of an original, found by its wamid: when a change arrives, and when an original
-- arrives after its change (Meta does not promise order). Only edit and revoke rows have an entry.
create index processed_webhook_messages_changes_idx
on wahook_private.processed_webhook_messages (conversation_id, original_wamid)
where original_wamid is not null;

comment on column wahook_private.processed_webhook_messages.original_wamid is 'For an edit or revoke: the wamid of the customer''s message it changes (edit.original_message_id, revoke.original_message_id), in the same conversation; null for other messages and for a change whose original id is missing or not a string (never applied).';
comment on column wahook_private.processed_webhook_messages.edited_by is 'For an edited message: id of the edit (same conversation) whose text text_body now holds, the latest by WhatsApp timestamp.';
comment on column wahook_private.processed_webhook_messages.edited_at is 'For an edited message: the WhatsApp timestamp of the edit it now shows.';
comment on column wahook_private.processed_webhook_messages.revoked_by is 'For a message the customer deleted: id of the revoke (same conversation). It is then not answered (skipped), out of memory, quoted by nothing.';
comment on column wahook_private.processed_webhook_messages.revoked_at is 'For a message the customer deleted: the WhatsApp timestamp of the revoke.';

-- A dead message that the customer deleted is settled rather than left for a replay.
insert into wahook_private.message_state_rules (from_state, to_state, description) values
('dead', 'skipped', 'revoked by the customer: not to be replayed');

update wahook_private.message_state_rules
set description = 'discarded when a paused conversation resumed, or revoked by the customer'
where from_state = 'pending' and to_state = 'skipped';

update wahook_private.conversation_state_rules
set description = 'nothing is pending: a repair, or the customer revoked what was pending'
where from_state in ('pending', 'retry_wait') and to_state = 'idle';

update wahook_private.conversation_state_rules
set description = 'turn completed, or abandoned because the customer revoked its messages; nothing else pending'
where from_state = 'processing' and to_state = 'idle';

update wahook_private.conversation_state_rules
set description = 'turn ended (completed, dead, lease lost, or abandoned because the customer edited or revoked one of its messages) with messages still pending'
where from_state = 'processing' and to_state = 'pending';
