"""Typed values for calling services back."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

DELIVERY_STATUS: Final = "delivery_status"
COMPLAINT: Final = "complaint"


@dataclass(frozen=True)
class CallbackTarget:
    """Where to POST and the bearer token (decrypted) that authenticates us to the service."""

    url: str
    bearer_token: str


class CallbackOutcome(enum.Enum):
    DELIVERED = "delivered"  # 2xx
    REJECTED = "rejected"  # 4xx other than 429: retrying cannot help
    RETRYABLE = "retryable"  # connection error, timeout, 5xx or 429
    NOTHING_TO_SEND = "nothing-to-send"  # no callback configured, or the row is gone


@dataclass(frozen=True)
class CallbackResult:
    outcome: CallbackOutcome
    status_code: int | None = None
    error: str | None = None

    @property
    def should_retry(self) -> bool:
        return self.outcome is CallbackOutcome.RETRYABLE


class CallbackRetryableError(Exception):
    """Raised by actors so that the worker retries the callback later with backoff."""

    def __init__(self, result: CallbackResult) -> None:
        super().__init__(f"callback failed: {result.error or result.status_code}")
        self.result = result
