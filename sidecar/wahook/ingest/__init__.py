"""Ingestion: the inbox that acknowledges webhooks and the ingester right behind it."""
