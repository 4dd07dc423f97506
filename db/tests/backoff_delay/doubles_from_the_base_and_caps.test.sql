begin;
select plan(6);

select is(wahook_private.backoff_delay(1, 60, 3600, 0, 0.5), interval '1 minute', 'attempt 1: the base');
select is(wahook_private.backoff_delay(2, 60, 3600, 0, 0.5), interval '2 minutes', 'attempt 2: twice the base');
select is(wahook_private.backoff_delay(3, 60, 3600, 0, 0.5), interval '4 minutes', 'attempt 3: four times');
select is(wahook_private.backoff_delay(10, 60, 3600, 0, 0.5), interval '1 hour', 'capped at the maximum');
select is(wahook_private.backoff_delay(1000, 60, 3600, 0, 0.5), interval '1 hour', 'a huge attempt does not overflow');
select is(wahook_private.backoff_delay(0, 60, 3600, 0, 0.5), interval '1 minute', 'attempt 0 is treated as 1');

select * from finish();
rollback;
