"""Event SQL and its typed view."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.events import events
from notify_api.timeutils import format_datetime, utc_now


@dataclass(frozen=True, slots=True)
class Event:
    id: uuid.UUID
    event_type: str
    created_at: datetime
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "event_type": self.event_type,
            "created_at": format_datetime(self.created_at),
            "data": self.data,
        }


async def insert_event(connection: AsyncConnection, event_type: str, data: dict[str, Any]) -> Event:
    event = Event(id=uuid.uuid4(), event_type=event_type, created_at=utc_now(), data=data)
    await connection.execute(
        insert(events).values(id=event.id, event_type=event_type, created_at=event.created_at, data=data)
    )
    return event
