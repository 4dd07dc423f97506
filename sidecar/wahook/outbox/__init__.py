"""Replies leaving the outbox: the sender, the Graph API client and the pacing."""
