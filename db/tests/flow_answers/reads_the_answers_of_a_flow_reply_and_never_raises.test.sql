begin;
select plan(8);

select is(
    wahook_private.flow_answers('{"screen_0_name_0":"Email","screen_0_orderNumber_1":"ID","flow_token":"unused"}'),
    'name: Email, orderNumber: ID',
    'the answers of the netflie fixture, generated names shortened, flow_token left out'
);
select is(
    wahook_private.flow_answers(
        '{"comment_text":"Comment Text","delivery_rating":"4","flow_token":"AQ.","purchase_rating":"2","recommend_radio":"0","cs_rating":"0"}'
    ),
    'comment_text: Comment Text, cs_rating: 0, delivery_rating: 4, purchase_rating: 2, recommend_radio: 0',
    'the answers of the pywa fixture, in field order'
);
select is(wahook_private.flow_answers('{"agree": true, "count": 3}'), 'agree: true, count: 3', 'non-string answers as JSON');
select is(wahook_private.flow_answers('{"flow_token": "x"}'), null, 'no answer but the token: none');
select is(wahook_private.flow_answers('{}'), null, 'an empty object: none');
select is(wahook_private.flow_answers('not json {'), null, 'a string that is not JSON: none, no error');
select is(wahook_private.flow_answers('[1, 2]'), null, 'JSON that is not an object: none');
select is(
    wahook_private.ingest_text_body(
        '{"type": "interactive", "interactive": {"type": "nfm_reply", "nfm_reply": {"body": "Sent", "response_json": "{\"city\":\"Lyon\"}"}}}'
    ),
    'city: Lyon',
    'a flow reply''s text for the agent is its answers'
);

select * from finish();
rollback;
