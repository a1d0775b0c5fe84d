"""Bearer-JWT authentication for the public API (service API keys) and the admin API (client secrets)."""
