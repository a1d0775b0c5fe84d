"""Raising an operator alert: a structured ``alert`` log event, Prometheus metrics, and an optional webhook.

The original opened Zendesk tickets; an ``alert`` event at error level, ``notify_alerts_raised_total`` and
``notify_alert_items`` work with whatever the platform already pages on, and ``ALERT_WEBHOOK_URL`` (a JSON
POST) reaches a chat channel or a ticketing system without tying the project to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import httpx
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from notify_api.logging import get_logger
from notify_api.metrics.alerts import count_alert_raised, record_alert_items
from notify_api.settings import Settings

log = get_logger(__name__)

WEBHOOK_TIMEOUT_SECONDS: Final = 10.0


@dataclass(frozen=True)
class Alert:
    name: str  # the check that raised it, e.g. "check-if-letters-still-in-created"
    message: str  # what an operator reads first
    count: int  # how many problems the check found
    details: dict[str, Any] = field(default_factory=dict)  # ids and references, never recipients

    def as_json(self) -> dict[str, Any]:
        return {"alert": self.name, "message": self.message, "count": self.count, "details": self.details}


async def record_check(redis: aioredis.Redis, name: str, found: int) -> None:
    """Every run of a check sets its gauge, so the metric falls back to 0 when the problem is gone."""
    try:
        await record_alert_items(redis, name, found)
    except (RedisError, OSError) as error:
        log.warning("alert.metric_failed", alert=name, error=type(error).__name__)


async def raise_alert(settings: Settings, redis: aioredis.Redis, alert: Alert) -> bool:
    """Log and count the alert, then POST it to the webhook if one is set; True if the webhook took it.

    A webhook that fails is logged, not raised: the log event and the metric have already done the job.
    """
    log.error("alert", alert=alert.name, message=alert.message, count=alert.count, details=alert.details)
    try:
        await count_alert_raised(redis, alert.name)
    except (RedisError, OSError) as error:
        log.warning("alert.metric_failed", alert=alert.name, error=type(error).__name__)
    if not settings.alert_webhook_url:
        return False
    try:
        async with httpx.AsyncClient(timeout=WEBHOOK_TIMEOUT_SECONDS) as client:
            response = await client.post(settings.alert_webhook_url, json=alert.as_json())
        response.raise_for_status()
    except httpx.HTTPError as error:
        log.warning("alert.webhook_failed", alert=alert.name, error=type(error).__name__)
        return False
    return True
