-- Changes settings by name. The settings table's columns are the settings and its CHECKs the rules,
-- so a new setting needs no change here. Each value is first cast alone (jsonb_populate_record), so
-- a bad value is reported with its key; then the changed columns are updated in one statement, and
-- a CHECK or NOT NULL violation is reported with the changed keys its constraint covers.
create or replace function wahook.update_settings(p_changes jsonb)
returns jsonb
language plpgsql security definer set search_path = ''
as $$
declare
    v_settable text [];
    v_unknown text [];
    v_key text;
    v_columns text;
    v_constraint text;
    v_column text;
    v_keys text [];
    v_detail text;
    v_result jsonb;
begin
    if p_changes is null or pg_catalog.jsonb_typeof(p_changes) <> 'object' then
        raise exception using
            errcode = 'WH020',
            message = 'settings changes must be a JSON object of setting names and values',
            hint = 'For example: select wahook.update_settings(''{"lease_seconds": 180}'').';
    end if;

    select pg_catalog.array_agg(a.attname::text order by a.attnum)
    into v_settable
    from pg_catalog.pg_attribute as a
    where a.attrelid = 'wahook_private.settings'::regclass
        and a.attnum > 0
        and not a.attisdropped
        -- test_clock_enabled is the owner's alone: a service login that could turn it on could move
        -- the engine's clock (db/schema/0003_settings.sql).
        and a.attname not in ('id', 'updated_at', 'test_clock_enabled');

    select pg_catalog.array_agg(k.key order by k.key)
    into v_unknown
    from pg_catalog.jsonb_object_keys(p_changes) as k (key)
    where k.key <> all(v_settable);

    if v_unknown is not null then
        raise exception using
            errcode = 'WH020',
            message = pg_catalog.format('unknown setting(s): %s', pg_catalog.array_to_string(v_unknown, ', ')),
            hint = 'See the view wahook.settings for the settings (id, updated_at and test_clock_enabled cannot be set).';
    end if;

    -- One key at a time, so the message names the key whose value does not cast.
    for v_key in select k.key from pg_catalog.jsonb_object_keys(p_changes) as k (key) order by k.key loop
        begin
            perform pg_catalog.jsonb_populate_record(
                null::wahook_private.settings,
                pg_catalog.jsonb_build_object(v_key, p_changes -> v_key)
            );
        exception
            when data_exception then
                get stacked diagnostics v_detail = message_text;
                raise exception using
                    errcode = 'WH020',
                    message = pg_catalog.format('setting %s: invalid value %s (%s)', v_key, p_changes -> v_key, v_detail),
                    hint = 'See the view wahook.settings for the type of each setting.';
        end;
    end loop;

    -- Lock the row, so concurrent changes apply one after the other.
    perform from wahook_private.settings as s where s.id for update;

    select pg_catalog.string_agg(pg_catalog.quote_ident(k.key), ', ' order by k.key)
    into v_columns
    from pg_catalog.jsonb_object_keys(p_changes) as k (key);

    if v_columns is not null then
        begin
            execute pg_catalog.format(
                'update wahook_private.settings as s set (%1$s, updated_at) = '
                '(select %1$s, wahook_private.clock_now() '
                'from pg_catalog.jsonb_populate_record(null::wahook_private.settings, $1)) '
                'where s.id',
                v_columns
            ) using p_changes;
        exception
            when check_violation then
                get stacked diagnostics v_constraint = constraint_name, v_detail = message_text;
                select pg_catalog.array_agg(a.attname::text order by a.attname)
                into v_keys
                from pg_catalog.pg_constraint as c
                cross join lateral pg_catalog.unnest(c.conkey) as ck (attnum)
                inner join pg_catalog.pg_attribute as a on a.attrelid = c.conrelid and a.attnum = ck.attnum
                where c.conrelid = 'wahook_private.settings'::regclass
                    and c.conname = v_constraint
                    and p_changes ? a.attname::text;
                raise exception using
                    errcode = 'WH020',
                    message = pg_catalog.format(
                        'setting %s rejected by constraint %s',
                        pg_catalog.array_to_string(coalesce(v_keys, array['?']), ', '), v_constraint
                    ),
                    detail = v_detail,
                    hint = 'See the constraints of wahook_private.settings.';
            when not_null_violation then
                get stacked diagnostics v_column = column_name;
                raise exception using
                    errcode = 'WH020',
                    message = pg_catalog.format('setting %s cannot be null', v_column);
        end;
    end if;

    select pg_catalog.to_jsonb(s) - 'id' into v_result from wahook_private.settings as s;
    return v_result;
end
$$;

comment on function wahook.update_settings(jsonb) is
'Changes operator settings: p_changes is a JSON object of setting names (the columns of the view wahook.settings, except updated_at) and new values, e.g. {"lease_seconds": 180}. All changes apply together or none does. Returns the settings after the change as a jsonb object. Raises WH020 naming the key when a setting is unknown (id, updated_at and test_clock_enabled cannot be set: the test clock is the schema owner''s alone), a value does not cast to the setting''s type, is null, or is rejected by a constraint (e.g. dedupe_retention_days below 7).';
