begin;
select plan(5);

select is(wahook_private.estimate_tokens_like('abcdefgh', 'abcd', 10), 16, 'twice the text: (10 - 4) * 2 + 4');
select is(
    wahook_private.estimate_tokens_like('今天下午三点见面好吗', '今天下午四点见', 15),
    4 + ceil(11 * 10 / 7.0)::integer,
    'a script dense in tokens keeps its density, far above 4 characters a token'
);
select is(
    wahook_private.estimate_tokens_like(repeat('word ', 40), 'abcdefghijklmnop', 5), 4 + 50, 'never below ceil(length / 4) + 4'
);
select is(wahook_private.estimate_tokens_like('hello', null, null), 6, 'nothing known: the plain estimate');
select is(wahook_private.estimate_tokens_like(null, 'hello', 6), 4, 'no content: the chat overhead alone');

select * from finish();
rollback;
