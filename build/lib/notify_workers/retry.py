"""The one retry policy for work that talks to the outside world (providers, services' callback URLs).

Two kinds of failure, each handled once:
- **temporary** (timeouts, connection errors, 5xx, throttling): the actor raises :class:`RetryLater`; Dramatiq
  puts the message back with the delay this policy gives, up to ``max_retries`` times, then sends it to
  the actor's ``on_retry_exhausted`` actor;
- **permanent** (a request the other side will never accept): the actor records the failure itself and
  returns normally, so Dramatiq never retries it.

An actor declares its retries with :meth:`RetryPolicy.actor_options`, e.g.
``@dramatiq.actor(..., **DELIVERY_RETRIES.actor_options(on_retry_exhausted="..."))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dramatiq


class RetryLater(dramatiq.Retry):
    """A temporary failure: try the message again later. The policy fills in the delay.

    A subclass of Dramatiq's ``Retry``, so a retried attempt is logged as a retry, not as a crash with a
    traceback. ``delay`` may be given to override the policy (e.g. "the row is busy: look again in 30 s").
    """

    def __init__(self, reason: str, *, delay_ms: int | None = None) -> None:
        super().__init__(reason, delay=delay_ms)
        self.reason = reason


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` retries: the first after ``first_delay_ms``, each later one ``delay_ms`` apart."""

    max_retries: int
    delay_ms: int
    first_delay_ms: int = 0

    def delay_for(self, retries_so_far: int) -> int:
        return self.first_delay_ms if retries_so_far == 0 else self.delay_ms

    def should_retry(self, retries_so_far: int, error: BaseException) -> bool:
        """Dramatiq's ``retry_when`` hook: decides, and sets the delay of our own temporary errors.

        Any other exception (a database outage, a bug) is retried on the same schedule: Dramatiq then
        uses ``min_backoff``/``max_backoff``, which :meth:`actor_options` pins to ``delay_ms``.
        """
        if retries_so_far >= self.max_retries:
            return False
        if isinstance(error, dramatiq.Retry) and error.delay is None:
            error.delay = self.delay_for(retries_so_far)
        return True

    def actor_options(self, *, on_retry_exhausted: str | None = None) -> dict[str, Any]:
        options: dict[str, Any] = {
            "max_retries": self.max_retries,
            "retry_when": self.should_retry,
            # jitter keeps unexpected errors between half and all of delay_ms; never below 1 ms
            "min_backoff": max(1, self.delay_ms // 2),
            "max_backoff": max(1, self.delay_ms),
        }
        if on_retry_exhausted is not None:
            options["on_retry_exhausted"] = on_retry_exhausted
        return options


def delivery_retry_policy(max_retries: int, delay_seconds: float) -> RetryPolicy:
    """Sending to a provider: 48 retries by default, the first at once, then every 5 minutes."""
    return RetryPolicy(max_retries=max_retries, delay_ms=int(delay_seconds * 1000), first_delay_ms=0)


def callback_retry_policy(delay_seconds: float) -> RetryPolicy:
    """Calling a URL that is not a provider (services' callbacks, our own receipt endpoints): 5 retries."""
    delay_ms = int(delay_seconds * 1000)
    return RetryPolicy(max_retries=5, delay_ms=delay_ms, first_delay_ms=delay_ms)
