"""Reading every saved version of a service, its API keys and its templates (GET /service/{id}/history)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.api_keys import api_keys_history
from notify_api.db.tables.services import services_history
from notify_api.db.tables.templates import templates_history
from notify_api.db.tables.users import users

_SERVICE_FIELDS = ("id", "name", "created_at", "updated_at", "active", "message_limit", "sms_message_limit",
                   "email_message_limit", "letter_message_limit", "restricted",
                   "email_from", "created_by_id", "version")  # fmt: skip
_KEY_FIELDS = ("id", "name", "service_id", "expiry_date", "created_at", "updated_at", "created_by_id")
_TEMPLATE_FIELDS = ("id", "name", "template_type", "created_at", "updated_at", "content", "service_id",
                    "subject", "postage", "version", "process_type", "archived", "hidden")  # fmt: skip


def _rows(result: Any) -> list[dict[str, Any]]:
    return [{str(key): value for key, value in row._mapping.items()} for row in result]


async def service_versions(connection: AsyncConnection, service_id: uuid.UUID) -> list[dict[str, Any]]:
    table = services_history
    query = select(*(table.c[name] for name in _SERVICE_FIELDS)).where(table.c.id == service_id)
    return _rows(await connection.execute(query.order_by(table.c.version)))


async def api_key_versions(connection: AsyncConnection, service_id: uuid.UUID) -> list[dict[str, Any]]:
    table = api_keys_history
    query = select(*(table.c[name] for name in _KEY_FIELDS)).where(table.c.service_id == service_id)
    return _rows(await connection.execute(query.order_by(table.c.created_at, table.c.version)))


async def template_versions(connection: AsyncConnection, service_id: uuid.UUID) -> list[dict[str, Any]]:
    table = templates_history
    query = (
        select(*(table.c[name] for name in _TEMPLATE_FIELDS), users.c.id.label("created_by_user_id"),
               users.c.name.label("created_by_name"), users.c.email_address.label("created_by_email_address"))
        .select_from(table.outerjoin(users, users.c.id == table.c.created_by_id))
        .where(table.c.service_id == service_id)
        .order_by(table.c.created_at, table.c.version)
    )  # fmt: skip
    return _rows(await connection.execute(query))
