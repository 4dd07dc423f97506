-- Deterministic, so ingest (and a distributed deployment's router) finds the conversation from the
-- webhook alone: the first 64 bits of sha256 over '<n>:<phone_number_id>:<customer_id>', where n is
-- the UTF-8 byte length of phone_number_id. The length prefix makes the encoding unambiguous: a
-- plain '<phone_number_id>:<customer_id>' gave ('1:2', '3') and ('1', '2:3') one conversation, so a
-- crafted body could read or redirect another customer's replies. Any other implementation (a
-- router, a script) hashes the same UTF-8 text.
create or replace function wahook_private.conversation_key(p_phone_number_id text, p_customer_id text)
returns bigint
language sql immutable strict parallel safe set search_path = ''
as $$
    select (
        'x' || pg_catalog.left(
            pg_catalog.encode(
                pg_catalog.sha256(
                    pg_catalog.convert_to(
                        pg_catalog.octet_length(pg_catalog.convert_to(p_phone_number_id, 'UTF8'))::text
                        || ':' || p_phone_number_id || ':' || p_customer_id,
                        'UTF8'
                    )
                ),
                'hex'
            ),
            16
        )
    )::bit(64)::bigint
$$;

comment on function wahook_private.conversation_key(text, text) is
'Conversation id of a business phone number id and a customer id: the first 64 bits, as a signed bigint, of sha256 over the UTF-8 text <n>:<phone_number_id>:<customer_id>, n being the UTF-8 byte length of phone_number_id (so no two pairs share an encoding).';
