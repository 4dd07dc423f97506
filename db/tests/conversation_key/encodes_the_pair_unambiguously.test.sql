begin;
select plan(5);

-- A plain '<phone_number_id>:<customer>' encoding gave these pairs one conversation.
select isnt(
    wahook_private.conversation_key('1:2', '3'), wahook_private.conversation_key('1', '2:3'),
    'a colon moved between the two fields gives another conversation'
);
select isnt(
    wahook_private.conversation_key('12', '3'), wahook_private.conversation_key('1', '23'),
    'a character moved between the two fields gives another conversation'
);
-- Pinned: sha256('9:100000001:15550001'), first 8 bytes as a signed big-endian integer. Other
-- implementations (a shard router) must give the same key; a change here re-keys every conversation.
select is(
    wahook_private.conversation_key('100000001', '15550001'), 7328646130547130688::bigint,
    'the key of a known pair is pinned'
);
-- The length prefix counts UTF-8 bytes, not characters.
select is(
    wahook_private.conversation_key('é', 'x'),
    ('x' || left(encode(sha256(convert_to('2:é:x', 'UTF8')), 'hex'), 16))::bit(64)::bigint,
    'the prefix is the UTF-8 byte length of phone_number_id'
);
select is(
    wahook_private.conversation_key('100000001', '15550001'),
    wahook_private.conversation_key('100000001', '15550001'),
    'the key is deterministic'
);

select * from finish();
rollback;
