"""All of the sidecar's SQL, by area: turns, ingest, outbox, health, alerts, dashboard, maintenance,
and the schema (migrations, logins, generated docs). Nothing outside this package writes SQL."""

from wahook.db.database import Database
from wahook.db.pool import DatabaseUnavailable

__all__ = ["Database", "DatabaseUnavailable"]
