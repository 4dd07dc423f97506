-- The retry delay, pure so it can be tested alone: base * 2^(attempt - 1), capped at p_max_seconds,
-- then spread by +-p_jitter_ratio (p_random in [0, 1) picks where; 0.5 is no spread) and capped
-- again, so no delay ever exceeds the cap. The exponent is capped first, so a large attempt number
-- cannot overflow. Callers pass random(); the function stays immutable.
create or replace function wahook_private.backoff_delay(
    p_attempt integer,
    p_base_seconds integer,
    p_max_seconds integer,
    p_jitter_ratio numeric default 0,
    p_random double precision default 0.5
)
returns interval
language sql immutable parallel safe set search_path = ''
as $$
    select pg_catalog.make_interval(
        secs => least(
            p_max_seconds::double precision,
            least(
                p_max_seconds::double precision,
                p_base_seconds::double precision
                * pg_catalog.power(2::double precision, least(greatest(p_attempt, 1) - 1, 62))
            )
            * (
                1 + coalesce(p_jitter_ratio, 0)::double precision
                * (2 * least(greatest(coalesce(p_random, 0.5), 0), 1) - 1)
            )
        )
    )
$$;

comment on function wahook_private.backoff_delay(integer, integer, integer, numeric, double precision) is
'Delay before retry number p_attempt (1 = first retry): p_base_seconds * 2^(p_attempt - 1), capped at p_max_seconds, times (1 + p_jitter_ratio * (2 * p_random - 1)), capped again. p_random is clamped to [0, 1]; null jitter or random means no spread.';
