begin;
select plan(2);

-- Three bodies of three conversations, given in an order that is not their key order.
create temporary table bodies on commit drop as
select
    c.n,
    wahook_private.conversation_key('100000001', c.customer) as conversation_id,
    tests.text_message_body('100000001', c.customer, 'wamid.' || c.customer, 1780315200, 'hi') as body
from (values (0, '15550003'), (1, '15550001'), (2, '15550002')) as c (n, customer);

create temporary table result on commit drop as
select
    row_number() over () as position,
    r.*
from wahook.process_messages((select jsonb_agg(b.body order by b.n) from bodies as b)) as r;

select is(
    (select array_agg(r.body_index order by r.position) from result as r),
    (select array_agg(b.n::int order by b.conversation_id) from bodies as b),
    'bodies run in conversation key order (lock order across concurrent batches)'
);
select is(
    (select array_agg(r.conversation_id order by r.body_index) from result as r),
    (select array_agg(b.conversation_id order by b.n) from bodies as b),
    'each row names the index of its body in the input'
);

select * from finish();
rollback;
