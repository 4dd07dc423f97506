"""`wahook health`: the health checks as a table; the exit code is the worst status (0 ok, 1 warn,
2 critical), for cron jobs and monitors. A database that cannot be reached exits 2 too (cli.main)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from wahook.db.health import STATUS_LEVEL, HealthCheck, read_health_once, worst_level

CONNECT_TIMEOUT_SECONDS = 10
COLUMNS = ("check", "status", "value", "threshold", "details")


def number(value: Decimal | None) -> str:
    return "-" if value is None else format(value.normalize(), "f")


def table(checks: Sequence[HealthCheck]) -> str:
    rows = [COLUMNS] + [
        (c.check_name, c.status, number(c.value), number(c.threshold), c.details or "") for c in checks
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [
            row[0].ljust(widths[0]),
            row[1].ljust(widths[1]),
            row[2].rjust(widths[2]),
            row[3].rjust(widths[3]),
            row[4],
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run(database_url: str) -> int:
    checks = read_health_once(database_url, CONNECT_TIMEOUT_SECONDS)
    level = worst_level(checks)
    overall = next(name for name, rank in STATUS_LEVEL.items() if rank == level)
    print(table(checks))
    print(f"\noverall: {overall}")
    return level
