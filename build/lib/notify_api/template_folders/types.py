"""Typed views of template folders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TemplateFolder:
    id: uuid.UUID
    service_id: uuid.UUID
    name: str
    parent_id: uuid.UUID | None
    users_with_permission: tuple[uuid.UUID, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "service_id": str(self.service_id),
            "users_with_permission": sorted(str(user_id) for user_id in self.users_with_permission),
        }
