-- The text an agent reads from an inbound message, per type; null when the type carries none
-- (audio, sticker, unsupported...). Reads only JSON strings, so hostile shapes give null, not errors.
-- No SET clause (search_path) so the planner can inline it into the calling query: every name in
-- it is schema-qualified, and its callers pin search_path. Stable, not immutable: concat_ws is
-- stable, and the planner does not inline a function declared less volatile than its body.
create or replace function wahook_private.ingest_text_body(p_message jsonb)
returns text
language sql stable parallel safe
as $$
    select nullif(
        case wahook_private.ingest_json_text(p_message -> 'type')
            when 'text' then wahook_private.ingest_json_text(p_message #> '{text,body}')
            when 'image' then wahook_private.ingest_json_text(p_message #> '{image,caption}')
            when 'video' then wahook_private.ingest_json_text(p_message #> '{video,caption}')
            when 'document' then coalesce(
                wahook_private.ingest_json_text(p_message #> '{document,caption}'),
                wahook_private.ingest_json_text(p_message #> '{document,filename}')
            )
            when 'button' then wahook_private.ingest_json_text(p_message #> '{button,text}')
            when 'interactive' then coalesce(
                wahook_private.ingest_json_text(p_message #> '{interactive,button_reply,title}'),
                nullif(pg_catalog.concat_ws(
                    ': ',
                    wahook_private.ingest_json_text(p_message #> '{interactive,list_reply,title}'),
                    wahook_private.ingest_json_text(p_message #> '{interactive,list_reply,description}')
                ), ''),
                -- A Flow reply reads as its answers; the body ("Sent") only when there are none.
                wahook_private.flow_answers(
                    wahook_private.ingest_json_text(p_message #> '{interactive,nfm_reply,response_json}')
                ),
                wahook_private.ingest_json_text(p_message #> '{interactive,nfm_reply,body}')
            )
            -- Coordinates, then the name and address in parentheses when given.
            when 'location' then nullif(pg_catalog.concat_ws(
                ' ',
                wahook_private.ingest_json_text(p_message #> '{location,latitude}')
                || ', ' || wahook_private.ingest_json_text(p_message #> '{location,longitude}'),
                '(' || nullif(pg_catalog.concat_ws(
                    ', ',
                    wahook_private.ingest_json_text(p_message #> '{location,name}'),
                    wahook_private.ingest_json_text(p_message #> '{location,address}')
                ), '') || ')'
            ), '')
            -- The first three shared contacts by name (a subquery here would stop inlining).
            when 'contacts' then nullif(pg_catalog.concat_ws(
                ', ',
                wahook_private.ingest_json_text(p_message #> '{contacts,0,name,formatted_name}'),
                wahook_private.ingest_json_text(p_message #> '{contacts,1,name,formatted_name}'),
                wahook_private.ingest_json_text(p_message #> '{contacts,2,name,formatted_name}')
            ), '')
            when 'order' then wahook_private.ingest_json_text(p_message #> '{order,text}')
            when 'reaction' then wahook_private.ingest_json_text(p_message #> '{reaction,emoji}')
            when 'system' then wahook_private.ingest_json_text(p_message #> '{system,body}')
            -- An edit carries the new message whole; its text is that message's text or caption.
            when 'edit' then coalesce(
                wahook_private.ingest_json_text(p_message #> '{edit,message,text,body}'),
                wahook_private.ingest_json_text(p_message #> '{edit,message,image,caption}'),
                wahook_private.ingest_json_text(p_message #> '{edit,message,video,caption}'),
                wahook_private.ingest_json_text(p_message #> '{edit,message,document,caption}')
            )
        end,
        ''
    )
$$;

comment on function wahook_private.ingest_text_body(jsonb) is
'Ingest helper: the text of an inbound message for the agent: text body; caption of image, video, document (else the file name); button text; interactive button or list title (list: "title: description") or a Flow reply''s answers (wahook_private.flow_answers, else its body); location "latitude, longitude (name, address)"; the names of up to three shared contacts; order text; reaction emoji; system body; an edit''s new text. Null when there is none. Never raises.';
