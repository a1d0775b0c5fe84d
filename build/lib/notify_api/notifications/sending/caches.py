"""Short-lived per-process caches for the send path, so a steady stream of sends to one service costs
one INSERT per message and a handful of reads every couple of seconds."""

from __future__ import annotations

import uuid

from notify_api.cache import TtlCache
from notify_api.db.database import Database
from notify_api.notifications.sending.queries import (
    ServiceSenders,
    get_allowed_recipients,
    get_service_senders,
)
from notify_api.templates.queries.records import get_template
from notify_api.templates.types import TemplateRecord


class SendingCaches:
    def __init__(self, database: Database, ttl_seconds: float) -> None:
        self._database = database
        self.templates: TtlCache[tuple[uuid.UUID, uuid.UUID], TemplateRecord | None] = TtlCache(
            self._load_template, ttl_seconds
        )
        self.senders: TtlCache[uuid.UUID, ServiceSenders] = TtlCache(self._load_senders, ttl_seconds)
        self.allowed_recipients: TtlCache[uuid.UUID, frozenset[str]] = TtlCache(
            self._load_allowed_recipients, ttl_seconds
        )

    def invalidate_service(self, service_id: uuid.UUID) -> None:
        self.senders.invalidate(service_id)
        self.allowed_recipients.invalidate(service_id)

    async def _load_template(self, key: tuple[uuid.UUID, uuid.UUID]) -> TemplateRecord | None:
        service_id, template_id = key
        async with self._database.read() as connection:
            return await get_template(connection, service_id, template_id)

    async def _load_senders(self, service_id: uuid.UUID) -> ServiceSenders:
        async with self._database.read() as connection:
            return await get_service_senders(connection, service_id)

    async def _load_allowed_recipients(self, service_id: uuid.UUID) -> frozenset[str]:
        async with self._database.read() as connection:
            return await get_allowed_recipients(connection, service_id)
