"""The sidecar's handle on the database: one pool, and the engine's calls grouped by area (each
area's SQL, rows and calls live in its own module of this package)."""

from __future__ import annotations

from wahook.db.maintenance import MaintenanceCalls
from wahook.db.media import MediaCalls
from wahook.db.turns import TurnCalls


class Database(TurnCalls, MaintenanceCalls, MediaCalls):
    """A pool with the turn, maintenance and media calls; the other areas' calls (ingest, outbox, health,
    alerts, dashboard) take its pool or the Database itself."""
