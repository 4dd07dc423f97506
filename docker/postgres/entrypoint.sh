#!/bin/sh
# First start: initdb into $PGDATA, settings for pg_cron and TCP access, the database POSTGRES_DB.
# Every start: the server in the foreground as `postgres`, with this script's arguments.
set -eu

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set (the superuser's password over TCP)}"
    case "$POSTGRES_DB" in
        *[!a-z0-9_]* | '' | [0-9]*) echo "POSTGRES_DB must be a plain lower-case name" >&2; exit 1 ;;
    esac
    pwfile="$(mktemp)"
    printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth-local=peer --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
max_connections = 200
max_worker_processes = 32
shared_preload_libraries = 'pg_cron'
cron.database_name = '$POSTGRES_DB'
# Background workers: pg_cron's jobs need no password over libpq.
cron.use_background_workers = on
cron.max_running_jobs = 8
CONF
    {
        echo "host all all 0.0.0.0/0 scram-sha-256"
        echo "host all all ::/0 scram-sha-256"
    } >>"$PGDATA/pg_hba.conf"
    # The database, made on the socket alone so that nothing connects before it exists.
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses=''" start >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "create database $POSTGRES_DB"
    pg_ctl -D "$PGDATA" -w -m fast stop >/dev/null
    echo "wahook-postgres: initialised $PGDATA with the database $POSTGRES_DB"
fi

exec postgres -D "$PGDATA" "$@"
