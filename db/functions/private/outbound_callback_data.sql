-- The one home of the callback data a reply is sent with (biz_opaque_callback_data, echoed by Meta
-- in the statuses of that send): its outbox key. claim_outbound_messages adds it to the body it
-- returns; settle_outbound_by_callback finds the reply by comparing with it.
create or replace function wahook_private.outbound_callback_data(p_conversation_id bigint, p_outbound_id bigint)
returns text
language sql immutable parallel safe set search_path = ''
as $$
    select 'wahook:' || p_conversation_id::text || ':' || p_outbound_id::text
$$;

comment on function wahook_private.outbound_callback_data(bigint, bigint) is
'The biz_opaque_callback_data a reply is sent with: wahook:<conversation_id>:<outbound_id> (at most 46 characters; Meta allows 512).';
