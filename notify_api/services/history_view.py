"""GET /service/{id}/history: every saved version of a service, its API keys and its templates (the
original's shape; ``events`` is always empty there too)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import NotFoundError
from notify_api.services.queries import versions as queries
from notify_api.timeutils import format_datetime


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: format_datetime(value) if isinstance(value, datetime)
        else str(value) if isinstance(value, uuid.UUID) else value
        for key, value in row.items()
    }  # fmt: skip


def _template(row: dict[str, Any]) -> dict[str, Any]:
    plain = _plain(row)
    creator = {"id": plain.pop("created_by_user_id"), "name": plain.pop("created_by_name"),
               "email_address": plain.pop("created_by_email_address")}  # fmt: skip
    plain["service"] = plain.pop("service_id")
    plain["created_by"] = creator if creator["id"] is not None else None
    return plain


async def service_history(connection: AsyncConnection, service_id: uuid.UUID) -> dict[str, Any]:
    service_rows = await queries.service_versions(connection, service_id)
    if not service_rows:
        raise NotFoundError()
    return {
        "service_history": [_plain(row) for row in service_rows],
        "api_key_history": [_plain(row) for row in await queries.api_key_versions(connection, service_id)],
        "template_history": [
            _template(row) for row in await queries.template_versions(connection, service_id)
        ],
        "events": [],
    }
