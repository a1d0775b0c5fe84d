"""Typed views of branding."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EmailBranding:
    id: uuid.UUID
    colour: str | None
    logo: str | None
    name: str
    text: str | None
    brand_type: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "colour": self.colour,
            "logo": self.logo,
            "name": self.name,
            "text": self.text,
            "brand_type": self.brand_type,
        }


@dataclass(frozen=True, slots=True)
class LetterBranding:
    id: uuid.UUID
    name: str
    filename: str

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "name": self.name, "filename": self.filename}
