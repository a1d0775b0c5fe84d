"""GET /v2/notifications/{id}/pdf (spec §3.6): errors, and templated letters rendered as A4 PDFs."""

from __future__ import annotations

import io
import uuid
from datetime import datetime

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_letter_contact, create_notification, create_template
from tests.public_v2.read.openapi_check import assert_documented
from tests.public_v2.read.read_support import ReadingService

PATH = "/v2/notifications/{notification_id}/pdf"
ADDRESS = {"address_line_1": "Ms A Person", "address_line_2": "1 High Street", "postcode": "sw1a1aa"}
A4_POINTS = (595.28, 841.89)


async def _letter(connection: AsyncConnection, reader: ReadingService, **values: object) -> uuid.UUID:
    template = await create_template(connection, reader.service.id, template_type="letter")
    values.setdefault("personalisation", {**ADDRESS, "name": "Ms Person"})
    return await create_notification(connection, template, **values)  # type: ignore[arg-type]


async def test_templated_letter_is_rendered_as_a_pdf(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    contact_id = await create_letter_contact(
        connection, reader.service.id, contact_block="Tax Office\n((office))"
    )
    template = await create_template(
        connection,
        reader.service.id,
        template_type="letter",
        subject="Your tax & ((name))",
        content="Dear ((name)),\n\n# Next steps\n\n* call us\n* write to us\n\n" + "More words here. " * 400,
        service_letter_contact_id=contact_id,
    )
    notification_id = await create_notification(
        connection,
        template,
        personalisation={**ADDRESS, "name": "Ms Person", "office": "Leeds"},
        created_at=datetime(2022, 1, 21, 11, 0),
    )
    response = await client.get(f"/v2/notifications/{notification_id}/pdf", headers=reader.headers("team"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    reader_pdf = PdfReader(io.BytesIO(response.content))
    pages = reader_pdf.pages
    assert len(pages) >= 2
    assert tuple(round(float(side), 2) for side in pages[0].mediabox.upper_right) == A4_POINTS
    first = pages[0].extract_text()
    for expected in ("Ms A Person", "1 High Street", "SW1A 1AA", "Tax Office", "Leeds", "21 January 2022",
                     "Your tax & Ms Person", "Dear Ms Person,", "Next steps", "call us"):  # fmt: skip
        assert expected in first
    assert f"Page 1 of {len(pages)}" in first
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1].extract_text()


async def test_the_contact_block_stored_at_send_time_wins(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    notification_id = await _letter(connection, reader, reply_to_text="Sent from Cardiff")
    response = await client.get(f"/v2/notifications/{notification_id}/pdf", headers=reader.headers())
    assert "Sent from Cardiff" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


async def test_not_a_letter(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    notification_id = await create_notification(connection, template)
    response = await client.get(f"/v2/notifications/{notification_id}/pdf", headers=reader.headers())
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "errors": [{"error": "BadRequestError", "message": "Notification is not a letter"}],
    }
    assert_documented(response, PATH)


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        ("virus-scan-failed", "BadRequestError", "File did not pass the virus scan"),
        ("technical-failure", "BadRequestError", "PDF not available for letters in status technical-failure"),
        ("pending-virus-check", "PDFNotReadyError", "PDF not available yet, try again later"),
    ],
)
async def test_letters_in_these_statuses_have_no_pdf(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    reader: ReadingService,
    status: str,
    error: str,
    message: str,
) -> None:
    notification_id = await _letter(connection, reader, status=status)
    response = await client.get(f"/v2/notifications/{notification_id}/pdf", headers=reader.headers())
    assert response.status_code == 400
    assert response.json() == {"status_code": 400, "errors": [{"error": error, "message": message}]}
    assert_documented(response, PATH)


async def test_precompiled_letter_pdf_is_not_ready(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, template_type="letter", hidden=True)
    notification_id = await create_notification(
        connection, template, to="Provided as PDF", personalisation=None
    )
    response = await client.get(f"/v2/notifications/{notification_id}/pdf", headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"error": "PDFNotReadyError", "message": "PDF not available yet, try again later"}
    ]


async def test_unknown_notification(client: httpx.AsyncClient, reader: ReadingService) -> None:
    response = await client.get(f"/v2/notifications/{uuid.uuid4()}/pdf", headers=reader.headers())
    assert response.status_code == 404
    assert response.json()["errors"] == [{"error": "NoResultFound", "message": "No result found"}]
    assert_documented(response, PATH)


async def test_id_must_be_a_uuid(client: httpx.AsyncClient, reader: ReadingService) -> None:
    response = await client.get("/v2/notifications/xyz/pdf", headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"error": "ValidationError", "message": "notification_id is not a valid UUID"}
    ]
