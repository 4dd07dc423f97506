"""The `wahook` command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import psycopg

from wahook import migrations, signature
from wahook.config import Config, ConfigError
from wahook.rollout import Rollout


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (ConfigError, migrations.DriftError, migrations.PushError) as exc:
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
    push = db.add_parser("push", help="apply db/schema (once each) and db/functions (every time)")
    push.add_argument("--database-url", help="default: $DATABASE_URL")
    push.set_defaults(run=run_push)
    bundle = db.add_parser("bundle", help="write one Supabase CLI migration")
    bundle.add_argument("--out", required=True, type=Path, help="folder, e.g. supabase/migrations")
    bundle.set_defaults(run=run_bundle)

    serve = commands.add_parser(
        "serve", help="apply the schema, then serve the webhook endpoint and run workers, sender, maintenance"
    )
    serve.set_defaults(run=run_serve)
    worker = commands.add_parser(
        "worker", help="run workers, sender and maintenance without the endpoint, until SIGTERM"
    )
    worker.set_defaults(run=run_worker)

    health = commands.add_parser(
        "health", help="print the health checks; exit 0 ok, 1 warn, 2 critical (or database unreachable)"
    )
    health.add_argument("--database-url", help="default: $DATABASE_URL")
    health.set_defaults(run=run_health)

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


def run_push(args: argparse.Namespace) -> int:
    config = Config.from_env(args.database_url)
    with psycopg.connect(config.database_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        migrations.push(conn, migrations.db_dir(), say=print)
    return 0


def run_bundle(args: argparse.Namespace) -> int:
    target = migrations.bundle(migrations.db_dir(), args.out)
    print(f"wrote {target}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from wahook.runtime import Background
    from wahook.server import serve

    config = Config.from_env()
    config.require_secrets()
    rollout = Rollout.from_env()
    with psycopg.connect(config.database_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        migrations.push(conn, migrations.db_dir(), say=print)
    serve(config, rollout, Background.from_env())
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from wahook.runtime import Background
    from wahook.server import run_worker

    run_worker(Config.from_env(), Background.from_env())
    return 0


def run_health(args: argparse.Namespace) -> int:
    from wahook import health_cli

    return health_cli.run(Config.from_env(args.database_url).database_url)


def run_sign(args: argparse.Namespace) -> int:
    secret = os.environ.get("WA_APP_SECRET", "")
    if not secret:
        raise ConfigError("WA_APP_SECRET is not set")
    print(signature.sign(secret, args.file.read_bytes()))
    return 0


def run_docs_sql_api(args: argparse.Namespace) -> int:
    from wahook import sql_docs

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
