"""Receipts refused because they were forged, mismatched or unauthenticated.

Labels stay low-cardinality: ``provider`` is mmg, firetext or ses; ``reason`` is one of a short fixed list
(see :mod:`notify_api.receipts.operations` and the provider callback routes), never an id.
"""

from __future__ import annotations

from prometheus_client import Counter

RECEIPTS_REJECTED = Counter(
    "receipts_rejected",
    "Delivery receipts refused (forged, mismatched or without valid credentials), by provider and reason.",
    ("provider", "reason"),
)


def count_rejected_receipt(provider: str, reason: str) -> None:
    RECEIPTS_REJECTED.labels(provider=provider, reason=reason).inc()
