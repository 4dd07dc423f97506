"""Applying the Supabase bundle of `wahook db bundle` as a whole, in one transaction that stops at
the first error (as `psql --single-transaction -v ON_ERROR_STOP=1 -f` does), over psycopg so that
no client program is needed."""

from __future__ import annotations

from pathlib import Path

import psycopg


def apply_bundle(url: str, bundle: Path) -> list[str]:
    """Runs the file as one simple-protocol query (an implicit transaction); its notices, in order."""
    notices: list[str] = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.add_notice_handler(lambda diagnostic: notices.append(str(diagnostic.message_primary)))
        conn.execute(bundle.read_bytes())
    return notices
