begin;
select plan(1);

-- A media message whose media was read (a transcript, a document's text), or whose media finally
-- failed to download (the media fetch step, wahook_private.inbound_media).
select results_eq(
    $$select wahook_private.message_reads_as(c.type, c.text_body, c.quoted, c.media_text, c.failed)
      from (values
          (1, 'audio', null, null, 'are you open today?', false),
          (2, 'document', 'menu.pdf', null, 'Soup 5 EUR', false),
          (3, 'image', 'my cat', null, null, false),
          (4, 'audio', null, null, null, true),
          (5, 'document', 'the invoice', null, null, true),
          (6, 'audio', null, 'hello', 'yes, at 5', false),
          (7, 'image', null, null, null, null)
      ) as c (n, type, text_body, quoted, media_text, failed)
      order by c.n$$,
    $$values ('[audio] are you open today?'), ('[document] menu.pdf: Soup 5 EUR'), ('[image] my cat'),
        ('[audio] (could not be downloaded)'), ('[document] the invoice (could not be downloaded)'),
        ('[reply to "hello"] [audio] yes, at 5'), ('[image]')$$,
    'media text follows the type (and caption or filename); failed media reads as a placeholder that keeps the caption'
);

select * from finish();
rollback;
