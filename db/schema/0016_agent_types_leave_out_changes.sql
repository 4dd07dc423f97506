-- An edit or revoke changes another message; answered as a message of its own, the agent would
-- read the new text twice, or a deletion as something said. A database that listed them (0015 did
-- not forbid it) drops them first, so the constraint always applies.
update wahook_private.settings
set agent_message_types = array_remove(array_remove(agent_message_types, 'edit'), 'revoke')
where agent_message_types && array['edit', 'revoke'];

alter table wahook_private.settings
add constraint agent_message_types_leave_out_edits_and_revokes check (
    not agent_message_types && array['edit', 'revoke']
);
