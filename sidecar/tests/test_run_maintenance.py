"""wahook.run_maintenance() from two sessions: the advisory lock lets one run while the other
returns at once (a race, so two connections rather than one pgTAP transaction)."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.rows import TupleRow

# The key wahook.run_maintenance() locks (db/functions/api/run_maintenance.sql).
MAINTENANCE_LOCK_KEY = 8602271591074327924

# Stand-ins until wahook.cleanup_stuck_conversations() and wahook.retry_due_dlq() exist (written
# elsewhere); once they are pushed, the real ones run.
STAND_INS = """
do $$
begin
    if pg_catalog.to_regprocedure('wahook.cleanup_stuck_conversations()') is null then
        create function wahook.cleanup_stuck_conversations() returns integer language sql as 'select 0';
    end if;
    if pg_catalog.to_regprocedure('wahook.retry_due_dlq()') is null then
        create function wahook.retry_due_dlq() returns jsonb language sql as 'select ''{}''::jsonb';
    end if;
end
$$
"""


@pytest.fixture
def maintenance_url(database_url: str) -> str:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(STAND_INS)
    return database_url


def run_maintenance(conn: psycopg.Connection[TupleRow]) -> object:
    row = conn.execute("select wahook.run_maintenance()").fetchone()
    assert row is not None
    return row[0]


def test_a_second_session_skips_quietly_while_the_first_holds_the_lock(maintenance_url: str) -> None:
    with (
        psycopg.connect(maintenance_url) as first,
        psycopg.connect(maintenance_url, autocommit=True) as second,
    ):
        summary = run_maintenance(first)  # transaction left open: the xact lock is still held
        assert isinstance(summary, dict)
        assert set(summary) == {"cleanup_stuck_conversations", "retry_due_dlq", "purge_expired"}

        assert run_maintenance(second) == {"skipped": "another run holds the lock"}

        first.commit()
        again = run_maintenance(second)
        assert isinstance(again, dict)
        assert "skipped" not in again, "the lock is released when the first transaction ends"


def test_skips_while_any_session_holds_the_maintenance_lock(maintenance_url: str) -> None:
    with (
        psycopg.connect(maintenance_url) as holder,
        psycopg.connect(maintenance_url, autocommit=True) as caller,
    ):
        holder.execute("select pg_advisory_xact_lock(%s)", (MAINTENANCE_LOCK_KEY,))
        assert run_maintenance(caller) == {"skipped": "another run holds the lock"}
        holder.rollback()


def test_runs_where_pg_cron_is_absent(maintenance_url: str) -> None:
    # pytest databases are not cron.database_name, so pg_cron is not installed in them: the case
    # where the sidecar's timer calls run_maintenance().
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        installed = conn.execute("select count(*) from pg_extension where extname = 'pg_cron'").fetchone()
        assert installed == (0,)
        summary = run_maintenance(conn)
    assert isinstance(summary, dict)
    purged = summary["purge_expired"]
    assert isinstance(purged, dict)
    assert purged["cron_runs_deleted"] is None, "no pg_cron history to purge"
    assert purged["raw_events_deleted"] == 0
