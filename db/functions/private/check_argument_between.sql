-- The range check of an integer argument, shared by the API functions that take a limit or a lease
-- length: WH002 naming the argument, its bounds and the value passed. A null is out of range unless
-- p_optional (an argument whose null means "the default"). One call per API call, before anything
-- is read or locked, never per row.
create or replace function wahook_private.check_argument_between(
    p_name text, p_value integer, p_low integer, p_high integer, p_optional boolean default false
)
returns void
language plpgsql immutable set search_path = ''
as $$
begin
    if (p_value is null and not p_optional) or p_value not between p_low and p_high then
        raise exception using
            errcode = 'WH002',
            message = pg_catalog.format('%s must be between %s and %s, not %s', p_name, p_low, p_high, p_value);
    end if;
end
$$;

comment on function wahook_private.check_argument_between(text, integer, integer, integer, boolean) is
'Argument helper: raises WH002 "<p_name> must be between <p_low> and <p_high>, not <p_value>" unless p_value is in p_low..p_high (or null when p_optional).';
