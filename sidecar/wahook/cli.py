"""The `wahook` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import psycopg

from wahook.config import Config, ConfigError, SchemaSettings
from wahook.config.schema import LOGIN_PASSWORD_VARIABLE, MIGRATION_URL_VARIABLE
from wahook.config.server import app_secret
from wahook.db import logins, migrations
from wahook.http import signature
from wahook.http.rollout import Rollout

PUSH_HINT = (
    "run `wahook db push` as the schema owner (its URL in --database-url or "
    f"{MIGRATION_URL_VARIABLE}), or set {MIGRATION_URL_VARIABLE} so that this command pushes first"
)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (ConfigError, migrations.DriftError, migrations.PushError, logins.LoginError) as exc:
        print(f"wahook: {exc}", file=sys.stderr)
        return 2
    except psycopg.OperationalError as exc:
        print(f"wahook: cannot reach the database: {exc}", file=sys.stderr)
        return 2
    return code


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wahook", description=__doc__)
    commands = p.add_subparsers(required=True, metavar="COMMAND")

    db = commands.add_parser("db", help="database schema").add_subparsers(required=True, metavar="ACTION")
    push = db.add_parser(
        "push",
        help="apply db/schema (once each), db/functions and db/grants.sql (every time), as the schema owner",
    )
    push.add_argument("--database-url", help=f"default: ${MIGRATION_URL_VARIABLE}, else $DATABASE_URL")
    push.set_defaults(run=run_push)
    bundle = db.add_parser("bundle", help="write one Supabase CLI migration")
    bundle.add_argument("--out", required=True, type=Path, help="folder, e.g. supabase/migrations")
    bundle.set_defaults(run=run_bundle)
    login = db.add_parser(
        "login",
        help=f"as the schema owner: make or update a login with ROLE (password: ${LOGIN_PASSWORD_VARIABLE})",
    )
    login.add_argument("name", help="e.g. wahook_sidecar, metabase")
    login.add_argument("--role", choices=logins.ROLES, default="wahook_service")
    login.add_argument("--database-url", help=f"default: ${MIGRATION_URL_VARIABLE}, else $DATABASE_URL")
    login.set_defaults(run=run_login)

    serve = commands.add_parser(
        "serve",
        help=f"push the schema (when {MIGRATION_URL_VARIABLE} is set; else check it is current), then "
        "serve the webhook endpoint and run workers, sender, media fetch, maintenance, alerts",
    )
    serve.set_defaults(run=run_serve)
    worker = commands.add_parser(
        "worker",
        help="run workers, sender, media fetch, maintenance and alerts without the endpoint, until SIGTERM",
    )
    worker.set_defaults(run=run_worker)

    health = commands.add_parser(
        "health", help="print the health checks; exit 0 ok, 1 warn, 2 critical (or database unreachable)"
    )
    health.add_argument("--database-url", help="default: $DATABASE_URL")
    health.set_defaults(run=run_health)

    reply = commands.add_parser(
        "reply",
        help="a person's text to the customer of CONVERSATION, through the outbox (sent while paused too)",
    )
    reply.add_argument("conversation", type=int, help="the conversation_id")
    reply.add_argument("text")
    reply.add_argument("--author", required=True, help="who writes, kept with the message")
    reply.add_argument("--resume", action="store_true", help="then hand the conversation back to the agent")
    reply.add_argument(
        "--discard-pending",
        action="store_true",
        help="with --resume: skip the customer messages that waited (this reply answers them)",
    )
    reply.add_argument("--database-url", help="default: $DATABASE_URL")
    reply.set_defaults(run=run_reply)

    sign = commands.add_parser("sign", help="print the X-Hub-Signature-256 of a file under WA_APP_SECRET")
    sign.add_argument("file", type=Path)
    sign.set_defaults(run=run_sign)

    docs = commands.add_parser("docs", help="generated documentation").add_subparsers(
        required=True, metavar="DOC"
    )
    sql_api = docs.add_parser(
        "sql-api",
        help="write docs/sql-api.md from the catalog of a scratch database pushed with this checkout",
    )
    sql_api.add_argument(
        "--database-url",
        help="a server where a scratch database may be created and dropped (default: $DATABASE_URL)",
    )
    sql_api.add_argument("--out", type=Path, help="default: docs/sql-api.md of the checkout")
    sql_api.add_argument("--check", action="store_true", help="exit 1 if the file is stale; write nothing")
    sql_api.set_defaults(run=run_docs_sql_api)
    return p


def owner_url(args: argparse.Namespace, schema: SchemaSettings) -> str:
    """The schema owner's login: --database-url, else WAHOOK_MIGRATION_DATABASE_URL, else
    DATABASE_URL (then the serving login is the owner)."""
    return Config.from_env(args.database_url or schema.migration_database_url).database_url


def run_push(args: argparse.Namespace) -> int:
    schema = SchemaSettings.from_env()
    push(owner_url(args, schema), schema)
    return 0


def run_login(args: argparse.Namespace) -> int:
    schema = SchemaSettings.from_env()
    with psycopg.connect(owner_url(args, schema), autocommit=True) as conn:
        logins.ensure_login(conn, args.name, schema.login_password, args.role)
    print(f"wahook: login {args.name} has the role {args.role}")
    return 0


def push(url: str, schema: SchemaSettings) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        migrations.push(conn, migrations.db_dir(schema), say=print)


def prepare_schema(config: Config) -> None:
    """Before `serve` and `worker`: the schema pushed by the owner's login when one is given, and
    in any case checked as the serving login, which (having only wahook_service) cannot push."""
    schema = SchemaSettings.from_env()
    if schema.migration_database_url:
        push(schema.migration_database_url, schema)
    check_schema(config.database_url, schema)


def check_schema(url: str, schema: SchemaSettings) -> None:
    """Refuses (ConfigError, DriftError) unless every db/schema file of this release is applied
    unchanged; warns when the login owns the schema."""
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            recorded = migrations.applied_schema_files(conn)
        except (psycopg.errors.UndefinedFunction, psycopg.errors.InvalidSchemaName):
            raise ConfigError(f"the database has no wahook schema of this release: {PUSH_HINT}") from None
        except psycopg.errors.InsufficientPrivilege:
            raise ConfigError(
                "the login of DATABASE_URL may not run the wahook API: grant it the role wahook_service"
            ) from None
        owns = migrations.login_owns_schema(conn)
    files = migrations.schema_files(migrations.db_dir(schema))
    migrations.check_drift(files, recorded)
    missing = [f.name for f in files if f.name not in recorded]
    if missing:
        raise ConfigError(f"the schema is not current (not applied: {', '.join(missing)}): {PUSH_HINT}")
    if owns:
        print(
            "wahook: warning: DATABASE_URL logs in as the owner of the wahook schema (or a superuser), "
            "which row-level security and the grants do not bind; serve with a login that has only "
            "the role wahook_service (docs/operations.md, Two logins)",
            file=sys.stderr,
        )


def run_bundle(args: argparse.Namespace) -> int:
    target = migrations.bundle(migrations.db_dir(SchemaSettings.from_env()), args.out)
    print(f"wrote {target}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from wahook.http.server import serve
    from wahook.work.runtime import Background

    config = Config.from_env()
    config.require_secrets()
    rollout = Rollout.from_env()
    background = Background.from_env()
    prepare_schema(config)
    serve(config, rollout, background)
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from wahook.http.server import run_worker
    from wahook.work.runtime import Background

    config = Config.from_env()
    background = Background.from_env()
    prepare_schema(config)
    run_worker(config, background)
    return 0


def run_health(args: argparse.Namespace) -> int:
    from wahook import health_cli

    return health_cli.run(Config.from_env(args.database_url).database_url)


def run_reply(args: argparse.Namespace) -> int:
    from wahook import reply_cli

    url = Config.from_env(args.database_url).database_url
    if args.discard_pending and not args.resume:
        raise ConfigError("--discard-pending goes with --resume")
    return reply_cli.run(url, args.conversation, args.text, args.author, args.resume, args.discard_pending)


def run_sign(args: argparse.Namespace) -> int:
    secret = app_secret()
    if not secret:
        raise ConfigError("WA_APP_SECRET is not set")
    print(signature.sign(secret, args.file.read_bytes()))
    return 0


def run_docs_sql_api(args: argparse.Namespace) -> int:
    from wahook.db import sql_docs

    config = Config.from_env(args.database_url)
    target: Path = args.out or sql_docs.default_out()
    text = sql_docs.generate_from_scratch(config.database_url)
    if args.check:
        if not sql_docs.is_current(target, text):
            print(f"wahook: {target} is stale: {sql_docs.REGENERATE}", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
