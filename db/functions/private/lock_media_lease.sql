-- The fence of the media fetch step: locks media (p_conversation_id, p_message_id) while attempt
-- p_lease_token still holds it (fetching, attempt_count equal to the token), else WH010: the lease
-- expired and another claim started a later attempt, or the media settled meanwhile. A fetcher
-- past its lease that nobody replaced may still record its result: no one else works on it.
create or replace function wahook_private.lock_media_lease(
    p_conversation_id bigint, p_message_id bigint, p_lease_token integer
)
returns wahook_private.inbound_media
language plpgsql set search_path = ''
as $$
declare
    v_media wahook_private.inbound_media;
begin
    if p_conversation_id is null or p_message_id is null or p_lease_token is null then
        raise exception using
            errcode = 'WH002', message = 'p_conversation_id, p_message_id and p_lease_token are required';
    end if;
    select * into v_media
    from wahook_private.inbound_media as f
    where f.conversation_id = p_conversation_id and f.message_id = p_message_id
    for update;
    if not found or v_media.status <> 'fetching' or v_media.attempt_count <> p_lease_token then
        raise exception using
            errcode = 'WH010',
            message = pg_catalog.format(
                'media of message %s in conversation %s is not held by attempt %s', p_message_id,
                p_conversation_id, p_lease_token
            ),
            hint = 'Its lease expired and a later attempt took it, or it settled: drop this attempt.';
    end if;
    return v_media;
end
$$;

comment on function wahook_private.lock_media_lease(bigint, bigint, integer) is
'Media fetch helper: locks and returns the inbound_media row (p_conversation_id, p_message_id) while attempt p_lease_token holds it (status fetching, attempt_count = p_lease_token). Raises WH010 otherwise (unknown, settled, or taken by a later attempt), WH002 for a null argument.';
