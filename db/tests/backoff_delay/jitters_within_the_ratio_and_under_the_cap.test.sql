begin;
select plan(5);

select is(wahook_private.backoff_delay(1, 60, 3600, 0.1, 0), interval '54 seconds', 'random 0: 10% shorter');
select is(wahook_private.backoff_delay(1, 60, 3600, 0.1, 1), interval '66 seconds', 'random 1: 10% longer');
select is(wahook_private.backoff_delay(1, 60, 3600, 0.1, 0.5), interval '1 minute', 'random 0.5: no spread');
select is(wahook_private.backoff_delay(12, 60, 3600, 0.1, 1), interval '1 hour', 'jitter never exceeds the cap');
select ok(
    (select bool_and(wahook_private.backoff_delay(2, 60, 3600, 0.1, random()) between interval '108 seconds' and interval '132 seconds')
     from generate_series(1, 200)),
    'random jitter stays within +-10%'
);

select * from finish();
rollback;
