"""Helpers for the letter task tests: send letters through the API, make PDFs, read rows back."""

from __future__ import annotations

import base64
import io
import uuid
from dataclasses import dataclass
from typing import Any, Final

import httpx
from fpdf import FPDF
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notifications
from tests.factories import CreatedApiKey, CreatedTemplate
from tests.helpers import service_headers

ADDRESS: Final = {"address_line_1": "Ms A Person", "address_line_2": "1 High Street", "postcode": "sw1a1aa"}
# The standard antivirus test file: harmless, and reported as a virus by every scanner.
EICAR: Final = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@dataclass(frozen=True)
class LetterSender:
    service_id: uuid.UUID
    normal: CreatedApiKey
    test: CreatedApiKey
    template: CreatedTemplate

    async def send_templated(self, client: httpx.AsyncClient, key: CreatedApiKey | None = None) -> str:
        body = {
            "template_id": str(self.template.id),
            "personalisation": {**ADDRESS, "name": "Ms Person", "topic": "licence"},
        }
        return await _post(client, key or self.normal, body)

    async def send_precompiled(
        self, client: httpx.AsyncClient, pdf: bytes, key: CreatedApiKey | None = None
    ) -> str:
        body = {"reference": "my letter", "content": base64.b64encode(pdf).decode()}
        return await _post(client, key or self.normal, body)


async def _post(client: httpx.AsyncClient, key: CreatedApiKey, body: dict[str, Any]) -> str:
    response = await client.post(
        "/v2/notifications/letter", headers=service_headers(key.service_id, key.secret), json=body
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def letter_file(address: list[str] | None, *, pages: int = 1) -> bytes:
    """A PDF as a service would make one: the address where the envelope window shows it, then a body."""
    document = FPDF(unit="mm", format="A4")
    document.set_font("Helvetica", size=11)
    for page in range(pages):
        document.add_page()
        if page == 0:
            document.set_xy(125, 20)
            document.multi_cell(60, 5, "Licensing Office\nPO Box 1\nLeeds")
            if address is not None:
                document.set_xy(25, 45)
                document.multi_cell(90, 5, "\n".join(address))
        document.set_xy(25, 110)
        document.multi_cell(0, 5, f"Page {page + 1}: about your licence.")
    return bytes(document.output())


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


async def letter_row(connection: AsyncConnection, notification_id: str) -> Any:
    query = select(notifications).where(notifications.c.id == uuid.UUID(notification_id))
    return (await connection.execute(query)).one()
