"""Inbound media: fetched from the Graph API, then read (transcribed, extracted) into what the
message reads as."""
