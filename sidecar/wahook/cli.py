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

    serve = commands.add_parser("serve", help="apply the schema, then serve the webhook endpoint")
    serve.set_defaults(run=run_serve)

    sign = commands.add_parser("sign", help="print the X-Hub-Signature-256 of a file under WA_APP_SECRET")
    sign.add_argument("file", type=Path)
    sign.set_defaults(run=run_sign)
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
    from wahook.server import serve

    config = Config.from_env()
    config.require_secrets()
    rollout = Rollout.from_env()
    with psycopg.connect(config.database_url, autocommit=True) as conn:
        conn.add_notice_handler(lambda _notice: None)
        migrations.push(conn, migrations.db_dir(), say=print)
    serve(config, rollout)
    return 0


def run_sign(args: argparse.Namespace) -> int:
    secret = os.environ.get("WA_APP_SECRET", "")
    if not secret:
        raise ConfigError("WA_APP_SECRET is not set")
    print(signature.sign(secret, args.file.read_bytes()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
