"""Small helpers for the delivery tests: a receipt poster that only records, SES counts from moto, and
reads of the rows the workers change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notifications, provider_details, provider_details_history
from notify_dev.moto_server import FAKE_CREDENTIALS
from notify_dev.simulator_receipts import Receipt


class RecordingReceiptPoster:
    """Stands in for our receipt endpoints: the simulator's receipts are kept, not posted."""

    def __init__(self) -> None:
        self.receipts: list[Receipt] = []

    async def post(self, receipt: Receipt) -> None:
        self.receipts.append(receipt)

    async def aclose(self) -> None:
        return None


def ses_sent_count(endpoint_url: str, region: str = "eu-west-1") -> int:
    """Emails moto's SES has accepted so far (its send quota's SentLast24Hours)."""
    ses = boto3.client("ses", endpoint_url=endpoint_url, region_name=region, **FAKE_CREDENTIALS)
    return int(ses.get_send_quota()["SentLast24Hours"])


@dataclass(frozen=True)
class NotificationRow:
    status: str
    sent_at: datetime | None
    sent_by: str | None
    reference: str | None
    billable_units: int
    updated_at: datetime | None


async def notification_row(connection: AsyncConnection, notification_id: uuid.UUID) -> NotificationRow:
    n = notifications.c
    query = select(
        n.notification_status, n.sent_at, n.sent_by, n.reference, n.billable_units, n.updated_at
    ).where(n.id == notification_id)
    row = (await connection.execute(query)).one()
    return NotificationRow(*row)


async def sms_priorities(connection: AsyncConnection) -> dict[str, int]:
    p = provider_details.c
    rows = await connection.execute(select(p.identifier, p.priority).where(p.notification_type == "sms"))
    return {identifier: priority for identifier, priority in rows.all()}


async def set_sms_providers(connection: AsyncConnection, **priorities: Any) -> None:
    """``set_sms_providers(conn, mmg=100, firetext=0)``; ``None`` makes a provider inactive."""
    p = provider_details.c
    for identifier, priority in priorities.items():
        values: dict[str, Any] = (
            {"active": False} if priority is None else {"priority": priority, "active": True}
        )
        await connection.execute(
            provider_details.update().where(p.identifier == identifier).values(updated_at=None, **values)
        )


async def provider_history(connection: AsyncConnection, identifier: str) -> list[tuple[int, int, Any]]:
    """(version, priority, created_by_id) of each history row, oldest first."""
    h = provider_details_history.c
    query = (
        select(h.version, h.priority, h.created_by_id).where(h.identifier == identifier).order_by(h.version)
    )
    return [tuple(row) for row in (await connection.execute(query)).all()]


@dataclass(frozen=True)
class ProviderRequest:
    path: str
    headers: dict[str, str]
    body: bytes


class RecordingAsgi:
    """Wraps an ASGI app (the simulator) and keeps every request it was sent."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests: list[ProviderRequest] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        headers = {key.decode().lower(): value.decode() for key, value in scope["headers"]}
        self.requests.append(ProviderRequest(scope["path"], headers, body))
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return {"type": "http.disconnect"}
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
