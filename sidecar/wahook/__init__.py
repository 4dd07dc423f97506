"""wahook: a Postgres-native pipeline for WhatsApp Business Cloud API webhooks feeding an AI agent."""

from __future__ import annotations

__version__ = "0.1.0"
