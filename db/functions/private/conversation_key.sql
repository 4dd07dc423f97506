-- Deterministic, so ingest (and a distributed deployment's router) finds the conversation from the
-- webhook alone: the first 64 bits of sha256('<phone_number_id>:<customer_id>').
create or replace function wahook_private.conversation_key(p_phone_number_id text, p_customer_id text)
returns bigint
language sql
immutable
strict
parallel safe
set search_path = ''
as $$
    select (
        'x' || pg_catalog.left(
            pg_catalog.encode(
                pg_catalog.sha256(pg_catalog.convert_to(p_phone_number_id || ':' || p_customer_id, 'UTF8')),
                'hex'
            ),
            16
        )
    )::bit(64)::bigint
$$;

comment on function wahook_private.conversation_key(text, text) is
'Conversation id of a business phone number id and a customer id: the first 64 bits of sha256(phone_number_id:customer_id) as a signed bigint.';

revoke all on function wahook_private.conversation_key(text, text) from public;
