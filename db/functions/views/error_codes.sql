-- The SQLSTATE registry, for operators and for the sidecar's mapping of errors to exceptions.
create or replace view wahook.error_codes as
select
    e.sqlstate,
    e.name,
    e.description
from wahook_private.error_codes as e;

comment on view wahook.error_codes is
'The SQLSTATEs (class WH) that the wahook API raises, with a name and what each means.';
comment on column wahook.error_codes.sqlstate is 'The SQLSTATE, WH followed by three characters.';
comment on column wahook.error_codes.name is 'Short name of the error, e.g. lease_lost.';
comment on column wahook.error_codes.description is 'When the API raises it.';
