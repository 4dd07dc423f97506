"""The internet-facing side: the webhook endpoint, health and metrics endpoints, the dashboard, and
the server that runs them."""
