"""Inbound media: fetching it from the Graph API (graph_media, checksum) and reading it (reader:
transcription, documents)."""
