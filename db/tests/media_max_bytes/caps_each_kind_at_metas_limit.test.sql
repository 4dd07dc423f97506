begin;
select plan(1);

select is(
    array(select wahook_private.media_max_bytes(k) from unnest(array['image', 'audio', 'video', 'document', 'sticker', 'text']) as k),
    array[5242880, 16777216, 16777216, 104857600, 512000, null]::bigint [],
    'images 5 MiB, audio and video 16 MiB, documents 100 MiB, stickers 500 KiB, nothing for other types'
);

select * from finish();
rollback;
