"""The background work: workers that run turns, the runtime that starts them, LISTEN, maintenance
and alerts."""
