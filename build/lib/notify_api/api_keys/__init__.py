"""API keys: the secrets services sign their requests with."""
