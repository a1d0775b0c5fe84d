"""The organisation a service belongs to, as GET /service/{id}/organisation shows it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.services.queries.organisation import organisation_columns_of_service
from notify_api.timeutils import format_datetime


async def organisation_of_service(connection: AsyncConnection, service_id: uuid.UUID) -> dict[str, Any]:
    """The serialised organisation, or ``{}`` when the service has none."""
    columns = await organisation_columns_of_service(connection, service_id)
    if columns is None:
        return {}
    data: dict[str, Any] = {}
    for name, value in columns.items():
        if isinstance(value, uuid.UUID):
            data[name] = str(value)
        elif hasattr(value, "strftime"):
            data[name] = format_datetime(value)
        else:
            data[name] = value
    data["domains"] = sorted(columns["domains"] or [])
    data.pop("created_at", None)
    data.pop("updated_at", None)
    return data
