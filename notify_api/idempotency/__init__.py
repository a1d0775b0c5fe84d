"""Idempotency keys on public API sends (the IETF httpapi draft's ``Idempotency-Key`` header).

A client that retries a send after a timeout, with the same key and the same body, gets the first response
again (``Idempotent-Replayed: true``) and nothing is stored or sent twice. Keys live in PostgreSQL, so they
hold across a Redis restart, for 24 hours.
"""
