"""Moving SMS traffic between providers by changing their priorities (spec §3.4).

- :func:`reduce_sms_provider_priority`: a provider failed a send (1-minute threshold) or is slow to deliver
  (10-minute threshold): it loses 10 points and every other active SMS provider gains 10.
- :func:`tend_providers_back_to_middle`: once nothing has changed for an hour, each provider moves 10
  points back toward its resting point.

Every change locks the active SMS providers (``FOR UPDATE``) so that concurrent workers cannot both apply a
change, is skipped if any of them changed within the threshold, clamps priorities to 0-100, bumps
``version`` and writes a ``provider_details_history`` row made by the Notify user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.seed_ids import NOTIFY_USER_ID
from notify_api.logging import get_logger
from notify_api.providers import queries
from notify_api.providers.types import ProviderRow

log = get_logger(__name__)

PRIORITY_STEP: Final = 10
MIN_PRIORITY: Final = 0
MAX_PRIORITY: Final = 100
SEND_FAILURE_THRESHOLD: Final = timedelta(minutes=1)
SLOW_DELIVERY_THRESHOLD: Final = timedelta(minutes=10)
TEND_BACK_THRESHOLD: Final = timedelta(hours=1)
# Where priorities settle when nothing is wrong (SMS_PROVIDER_RESTING_POINTS).
SMS_PROVIDER_RESTING_POINTS: Final = {"mmg": 50, "firetext": 50}


@dataclass(frozen=True)
class PriorityChange:
    identifier: str
    old_priority: int
    new_priority: int


def _clamp(priority: int) -> int:
    return max(MIN_PRIORITY, min(MAX_PRIORITY, priority))


def _changed_recently(providers: list[ProviderRow], now: datetime, threshold: timedelta) -> bool:
    return any(row.updated_at is not None and row.updated_at > now - threshold for row in providers)


async def _apply(
    connection: AsyncConnection, providers: list[ProviderRow], new_priorities: dict[str, int], now: datetime
) -> list[PriorityChange]:
    changes: list[PriorityChange] = []
    for row in providers:
        new_priority = new_priorities.get(row.identifier, row.priority)
        if new_priority == row.priority:
            continue
        values = {
            "priority": new_priority,
            "version": row.version + 1,
            "updated_at": now,
            "created_by_id": NOTIFY_USER_ID,
        }
        await queries.save_locked_provider_version(connection, row, values)
        changes.append(PriorityChange(row.identifier, row.priority, new_priority))
    return changes


async def reduce_sms_provider_priority(
    connection: AsyncConnection, failing_identifier: str, *, threshold: timedelta, now: datetime
) -> list[PriorityChange]:
    """Failing provider -10, the others +10; nothing if any changed within ``threshold`` (or no other)."""
    providers = await queries.lock_active_sms_providers(connection)
    identifiers = {row.identifier for row in providers}
    if failing_identifier not in identifiers or len(identifiers) < 2:
        return []
    if _changed_recently(providers, now, threshold):
        return []
    new_priorities = {
        row.identifier: _clamp(
            row.priority - PRIORITY_STEP
            if row.identifier == failing_identifier
            else row.priority + PRIORITY_STEP
        )
        for row in providers
    }
    changes = await _apply(connection, providers, new_priorities, now)
    if changes:
        log.info(
            "providers.priority_reduced",
            provider=failing_identifier,
            priorities={change.identifier: change.new_priority for change in changes},
        )
    return changes


def _toward(priority: int, resting_point: int) -> int:
    if priority < resting_point:
        return min(resting_point, priority + PRIORITY_STEP)
    return max(resting_point, priority - PRIORITY_STEP)


async def tend_providers_back_to_middle(
    connection: AsyncConnection, *, now: datetime
) -> list[PriorityChange]:
    """Each active SMS provider 10 points toward its resting point, unless one changed within the hour."""
    providers = await queries.lock_active_sms_providers(connection)
    if _changed_recently(providers, now, TEND_BACK_THRESHOLD):
        return []
    new_priorities = {
        row.identifier: _toward(row.priority, SMS_PROVIDER_RESTING_POINTS[row.identifier])
        for row in providers
        if row.identifier in SMS_PROVIDER_RESTING_POINTS
    }
    changes = await _apply(connection, providers, new_priorities, now)
    if changes:
        log.info(
            "providers.tended_back",
            priorities={change.identifier: change.new_priority for change in changes},
        )
    return changes
