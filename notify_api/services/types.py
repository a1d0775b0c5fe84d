"""Typed views of a service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """What sending and auth need to know about a service (cached briefly per process)."""

    id: uuid.UUID
    name: str
    active: bool
    restricted: bool
    research_mode: bool
    message_limit: int
    rate_limit: int
    prefix_sms: bool
    email_from: str
    contact_link: str | None
    permissions: frozenset[str]

    def has_permission(self, permission: str) -> bool:
        return permission in self.permissions
