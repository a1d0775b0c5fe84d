"""Admin letter routes over HTTP: sending a PDF uploaded on the Uploads page, the precompiled template,
and a letter's PDF and PNG previews (templated letters with the service's logo)."""

from __future__ import annotations

import base64
import io
import uuid
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import letter_branding, notifications, service_letter_branding, templates
from notify_api.letters.branding import letter_logo_key
from notify_api.letters.stored import letter_pdf_key
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from tests.admin.letters.conftest import LetterService
from tests.factories import (
    create_notification,
    create_service,
    create_template,
    create_user,
)
from tests.workers.letters.letter_support import letter_file, pdf_pages, pdf_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BLUE = (0, 94, 165)
LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50">'
    b'<rect width="200" height="50" fill="#005ea5"/></svg>'
)
ADDRESS = {"address_line_1": "Ms A Person", "address_line_2": "1 High Street", "postcode": "SW1A 1AA"}


async def _upload(settings: Settings, service_id: uuid.UUID, pdf: bytes) -> uuid.UUID:
    file_id = uuid.uuid4()
    await ObjectStore(settings).put(
        settings.transient_uploaded_letters_bucket, f"service-{service_id}/{file_id}.pdf", pdf
    )
    return file_id


def _body(file_id: uuid.UUID, created_by: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    return {
        "postage": "first",
        "filename": "my letter.pdf",
        "created_by": str(created_by),
        "file_id": str(file_id),
        "recipient_address": "Ms A Person%0A1 High Street%0ASW1A 1AA",
        **overrides,
    }


async def _preview(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    service_id: uuid.UUID,
    nid: uuid.UUID | str,
    file_type: str,
    page: int | None = None,
) -> httpx.Response:
    query = "" if page is None else f"?page={page}"
    return await client.get(
        f"/service/{service_id}/template/preview/{nid}/{file_type}{query}", headers=headers
    )


def _content(response: httpx.Response) -> bytes:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["metadata"] == {}
    return base64.b64decode(body["content"])


async def test_an_uploaded_pdf_is_sent_as_a_letter_and_moved_to_the_letters_bucket(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    settings: Settings,
    letter_service: LetterService,
) -> None:
    service = letter_service.service
    pdf = letter_file(["Ms A Person", "1 High Street", "SW1A 1AA"], pages=3)
    file_id = await _upload(settings, service.id, pdf)

    response = await client.post(
        f"/service/{service.id}/send-pdf-letter", json=_body(file_id, service.created_by_id), headers=headers
    )
    assert response.status_code == 201, response.text
    assert response.json() == {"id": str(file_id)}

    row = (await connection.execute(select(notifications).where(notifications.c.id == file_id))).one()
    assert row.notification_status == "created"
    assert row.to == "Ms A Person\n1 High Street\nSW1A 1AA"
    assert (row.client_reference, row.postage, row.billable_units) == ("my letter.pdf", "first", 2)
    assert (row.api_key_id, row.key_type, row.created_by_id) == (None, "normal", service.created_by_id)
    assert len(row.reference) == 16
    template = (await connection.execute(select(templates).where(templates.c.id == row.template_id))).one()
    assert (template.name, template.hidden) == ("Pre-compiled PDF", True)

    store = ObjectStore(settings)
    assert await store.get(settings.letters_pdf_bucket, letter_pdf_key(row)) == pdf
    assert (
        await store.get(settings.transient_uploaded_letters_bucket, f"service-{service.id}/{file_id}.pdf")
        is None
    )

    # The admin previews it from the letters bucket: the PDF as uploaded, and its pages as PNGs.
    assert _content(await _preview(client, headers, service.id, file_id, "pdf")) == pdf
    second_page = _content(await _preview(client, headers, service.id, file_id, "png", page=2))
    assert second_page.startswith(PNG_SIGNATURE)
    missing_page = await _preview(client, headers, service.id, file_id, "png", page=4)
    assert missing_page.status_code == 400
    assert missing_page.json()["message"] == {"page": ["Page 4 does not exist: the letter has 3"]}

    # The same upload cannot be sent twice.
    again = await client.post(
        f"/service/{service.id}/send-pdf-letter", json=_body(file_id, service.created_by_id), headers=headers
    )
    assert again.status_code == 400


async def test_uploaded_letters_that_cannot_be_sent_are_refused(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    settings: Settings,
    letter_service: LetterService,
) -> None:
    service = letter_service.service
    url = f"/service/{service.id}/send-pdf-letter"
    file_id = await _upload(settings, service.id, letter_file(["A Person", "1 Street", "SW1A 1AA"]))

    async def refused(body: dict[str, Any], service_url: str = url) -> Any:
        response = await client.post(service_url, json=body, headers=headers)
        assert response.status_code == 400, response.text
        return response.json()

    missing = await refused({"postage": "first"})
    assert [error["message"] for error in missing["errors"]] == [
        "filename is a required property",
        "created_by is a required property",
        "file_id is a required property",
        "recipient_address is a required property",
    ]
    bad_postage = await refused(_body(file_id, service.created_by_id, postage="third"))
    assert (
        bad_postage["errors"][0]["message"]
        == "postage invalid. It must be first, second, europe or rest-of-world."
    )

    stranger = await create_user(connection, name="Someone Else")
    not_member = await refused(_body(file_id, stranger.id))
    assert (
        not_member["message"]
        == f'Can’t create notification - Someone Else is not part of the "{service.name}" service'
    )

    gone = await refused(_body(uuid.uuid4(), service.created_by_id))
    assert gone["message"].startswith("The uploaded letter ") and gone["message"].endswith(
        "was not found: upload it again"
    )

    not_pdf = await _upload(settings, service.id, b"not a pdf at all")
    assert await refused(_body(not_pdf, service.created_by_id)) == {
        "result": "error",
        "message": f"The uploaded letter {not_pdf}.pdf is not a PDF that can be read",
    }

    no_letters = await create_service(connection, permissions=["sms", "email"])
    assert (
        await refused(_body(file_id, no_letters.created_by_id), f"/service/{no_letters.id}/send-pdf-letter")
    )["message"] == "Service is not allowed to send letters"
    trial = await create_service(connection, restricted=True)
    assert (await refused(_body(file_id, trial.created_by_id), f"/service/{trial.id}/send-pdf-letter"))[
        "message"
    ] == (
        "Can’t send to this recipient when service is in trial mode – see "
        "https://www.notifications.service.gov.uk/trial-mode"
    )
    unknown = await client.post(
        f"/service/{uuid.uuid4()}/send-pdf-letter", json=_body(file_id, stranger.id), headers=headers
    )
    assert unknown.status_code == 404
    # Nothing was sent, and the upload is still there to try again.
    assert (
        await connection.execute(select(notifications.c.id).where(notifications.c.id == file_id))
    ).first() is None
    assert (
        await ObjectStore(settings).get(
            settings.transient_uploaded_letters_bucket, f"service-{service.id}/{file_id}.pdf"
        )
        is not None
    )


async def test_the_precompiled_template_is_made_once_and_shown_as_the_admin_reads_templates(
    client: httpx.AsyncClient, headers: dict[str, str], letter_service: LetterService
) -> None:
    url = f"/service/{letter_service.service.id}/template/precompiled"
    first = await client.get(url, headers=headers)
    assert first.status_code == 200, first.text
    template = first.json()
    assert (template["name"], template["template_type"], template["hidden"]) == (
        "Pre-compiled PDF",
        "letter",
        True,
    )
    assert template["is_precompiled_letter"] is True
    assert template["service"] == str(letter_service.service.id)
    assert (await client.get(url, headers=headers)).json()["id"] == template["id"]
    unknown = await client.get(f"/service/{uuid.uuid4()}/template/precompiled", headers=headers)
    assert unknown.status_code == 404


async def test_a_templated_letter_is_previewed_as_pdf_and_png_pages(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    letter = await create_notification(
        connection, letter_service.letter, personalisation={**ADDRESS, "name": "Jo", "thing": "licence"}
    )
    pdf = _content(await _preview(client, headers, service_id, letter, "pdf"))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Your licence renewal" in text and "Dear Jo," in text and "SW1A 1AA" in text
    assert pdf_pages(pdf) == 1
    png = _content(await _preview(client, headers, service_id, letter, "png"))
    width, height = Image.open(io.BytesIO(png)).size
    assert (round(width / 150 * 25.4), round(height / 150 * 25.4)) == (210, 297)  # A4 at 150 dpi

    # Unlike the public API, the admin site previews a templated letter whatever its status.
    failed = await create_notification(
        connection, letter_service.letter, status="technical-failure",
        personalisation={**ADDRESS, "name": "Jo", "thing": "licence"},
    )  # fmt: skip
    assert _content(await _preview(client, headers, service_id, failed, "pdf")).startswith(b"%PDF")

    bad_type = await _preview(client, headers, service_id, letter, "gif")
    assert bad_type.status_code == 400
    assert bad_type.json() == {"result": "error", "message": {"content": ["file_type must be pdf or png"]}}
    assert (await _preview(client, headers, service_id, letter, "png", page=0)).status_code == 400
    sms = await create_notification(connection, await create_template(connection, service_id))
    not_letter = await _preview(client, headers, service_id, sms, "pdf")
    assert (not_letter.status_code, not_letter.json()["message"]) == (400, "Notification is not a letter")
    assert (await _preview(client, headers, service_id, uuid.uuid4(), "pdf")).status_code == 404
    # Another service's letter is not found either.
    other = await create_service(connection)
    assert (await _preview(client, headers, other.id, letter, "pdf")).status_code == 404


async def test_a_service_with_letter_branding_has_its_logo_on_its_letters(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    settings: Settings,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    letter = await create_notification(
        connection, letter_service.letter, personalisation={**ADDRESS, "name": "Jo", "thing": "licence"}
    )
    # 10 mm in and 5 mm down from the logo box's top left corner (25 mm, 20 mm), at 150 dpi.
    spot = (round(35 / 25.4 * 150), round(25 / 25.4 * 150))

    def colour_at_logo(png: bytes) -> tuple[int, ...]:
        return tuple(Image.open(io.BytesIO(png)).convert("RGB").getpixel(spot))  # type: ignore[arg-type]

    unbranded = _content(await _preview(client, headers, service_id, letter, "png"))
    assert colour_at_logo(unbranded) == (255, 255, 255)

    filename = f"logo-{uuid.uuid4().hex[:8]}"
    branding_id = uuid.uuid4()
    await connection.execute(
        letter_branding.insert().values(id=branding_id, name=filename, filename=filename)
    )
    await connection.execute(
        service_letter_branding.insert().values(service_id=service_id, letter_branding_id=branding_id)
    )
    await ObjectStore(settings).put(
        settings.logo_upload_bucket, letter_logo_key(filename), LOGO, "image/svg+xml"
    )

    branded = _content(await _preview(client, headers, service_id, letter, "png"))
    assert colour_at_logo(branded) == BLUE

    # A service whose logo file is missing still gets its letters, without a logo.
    missing = f"missing-{uuid.uuid4().hex[:8]}"
    await connection.execute(
        letter_branding.update().where(letter_branding.c.id == branding_id).values(filename=missing)
    )
    assert colour_at_logo(_content(await _preview(client, headers, service_id, letter, "png"))) == (
        255,
        255,
        255,
    )
