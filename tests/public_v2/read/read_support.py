"""What the read tests share: a live service with a key of each type."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import CreatedApiKey, CreatedService
from tests.helpers import service_headers


@dataclass(frozen=True)
class ReadingService:
    service: CreatedService
    keys: dict[str, CreatedApiKey]
    creator_name: str

    def headers(self, key_type: str = "normal") -> dict[str, str]:
        return service_headers(self.service.id, self.keys[key_type].secret)
