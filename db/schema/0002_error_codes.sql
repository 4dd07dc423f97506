-- The registry of SQLSTATEs the API raises (class WH). The sidecar maps each to a domain exception.
create table wahook_private.error_codes (
    sqlstate text primary key,
    name text not null unique,
    description text not null,
    constraint sqlstate_is_in_class_wh check (sqlstate ~ '^WH[0-9A-Z]{3}$')
);

comment on table wahook_private.error_codes is
'Registry of the SQLSTATEs raised by the wahook API, read through the view wahook.error_codes.';

insert into wahook_private.error_codes (sqlstate, name, description) values
('WH001', 'invalid_payload', 'The webhook body is not a WhatsApp Business Account notification of the expected shape.'),
('WH002', 'invalid_argument', 'An argument is missing or out of range.'),
('WH010', 'lease_lost', 'The lease is expired or held by another claim: the fencing token no longer matches.'),
('WH011', 'conversation_not_found', 'No conversation has this id.'),
('WH012', 'invalid_transition', 'The state change is not one of the allowed transitions.'),
('WH013', 'conversation_not_paused', 'The conversation is not paused.'),
('WH020', 'invalid_setting', 'An unknown setting, or a value its constraint rejects.'),
('WH030', 'dlq_entry_not_found', 'No dead DLQ entry matches.'),
('WH040', 'outbound_message_not_found', 'No outbox message has this id in a state that allows the change.'),
-- wahook.forget_customer refuses while a worker holds the conversation (its turn would write rows
-- back after the erasure).
('WH050', 'customer_busy', 'The customer''s conversation is being processed (or a reply is being sent): retry once the turn or the send ends.');

comment on column wahook_private.error_codes.sqlstate is 'The SQLSTATE, WH followed by three characters.';
comment on column wahook_private.error_codes.name is 'Short name of the error, e.g. lease_lost.';
comment on column wahook_private.error_codes.description is 'When the API raises it.';
