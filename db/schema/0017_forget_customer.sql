-- wahook.forget_customer erases one customer's data; it refuses while a worker holds the
-- conversation (its turn would write rows back after the erasure).
insert into wahook_private.error_codes (sqlstate, name, description) values
('WH050', 'customer_busy', 'The customer''s conversation is being processed (or a reply is being sent): retry once the turn or the send ends.');
