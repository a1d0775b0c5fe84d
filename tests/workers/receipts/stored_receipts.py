"""Reading back the receipts the routes stored (their messages carry only the stored row's id)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import provider_receipts
from tests.task_queue import RecordingTaskQueue


async def stored_payload(connection: AsyncConnection, receipt_id: str) -> dict[str, Any]:
    query = select(provider_receipts.c.payload).where(provider_receipts.c.id == uuid.UUID(receipt_id))
    payload: dict[str, Any] = (await connection.execute(query)).scalar_one()
    return payload


async def queued_payloads(
    connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> list[dict[str, Any]]:
    """The stored receipt behind each queued message, in the order they were queued."""
    return [await stored_payload(connection, str(receipt_id)) for _, _, (receipt_id,) in task_queue.messages]
