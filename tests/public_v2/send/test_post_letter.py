from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notifications
from notify_api.notifications.sending.letters import precompiled_pdf_key
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from tests.helpers import service_headers
from tests.task_queue import RecordingTaskQueue

from .conftest import SendingService

ADDRESS = {"address_line_1": "A Person", "address_line_2": "1 High Street", "postcode": "sw1a1aa"}


async def post(client: httpx.AsyncClient, key: Any, body: Any) -> httpx.Response:
    return await client.post(
        "/v2/notifications/letter", headers=service_headers(key.service_id, key.secret), json=body
    )


def only_error(response: httpx.Response) -> tuple[int, str, str]:
    [error] = response.json()["errors"]
    return response.status_code, error["error"], error["message"]


async def test_templated_letter_is_stored_with_normalised_address_and_reference(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    sending: SendingService,
    task_queue: RecordingTaskQueue,
) -> None:
    body = {
        "template_id": str(sending.letter.id),
        "personalisation": {**ADDRESS, "name": "Ada"},
        "reference": "r",
    }
    response = await post(client, sending.normal, body)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["content"] == {"body": "Dear Ada", "subject": "About Ada"}
    assert created["reference"] == "r"
    row = (
        await connection.execute(select(notifications).where(notifications.c.id == uuid.UUID(created["id"])))
    ).one()
    assert row.to == "A Person\n1 High Street\nSW1A 1AA"
    assert row.normalised_to == "aperson1highstreetsw1a1aa"
    assert row.postage == "second"
    assert row.notification_status == "created"
    assert len(row.reference) == 16 and row.reference.isalnum() and row.reference.upper() == row.reference
    assert task_queue.messages == [
        ("get-pdf-for-templated-letter", "create-letters-pdf-tasks", (created["id"],))
    ]


async def test_international_letter_takes_its_postage_zone(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    address = {"address_line_1": "A Person", "address_line_2": "1 Rue", "address_line_3": "France"}
    response = await post(
        client,
        sending.normal,
        {"template_id": str(sending.letter.id), "personalisation": {**address, "name": "x"}},
    )
    assert response.status_code == 201, response.text
    row = (
        await connection.execute(
            select(notifications).where(notifications.c.id == uuid.UUID(response.json()["id"]))
        )
    ).one()
    assert (row.postage, row.international) == ("europe", True)


async def test_team_keys_and_trial_mode_cannot_send_letters(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService, runtime: Runtime
) -> None:
    body = {"template_id": str(sending.letter.id), "personalisation": {**ADDRESS, "name": "x"}}
    assert only_error(await post(client, sending.team, body)) == (
        403,
        "BadRequestError",
        "Cannot send letters with a team api key",
    )
    await connection.execute(
        text("UPDATE services SET restricted = true WHERE id = :id"), {"id": sending.service.id}
    )
    runtime.auth_cache.invalidate(sending.service.id)  # as the admin API does when a service changes
    assert only_error(await post(client, sending.normal, body)) == (
        403,
        "BadRequestError",
        "Cannot send letters when service is in trial mode",
    )
    assert (await post(client, sending.test, body)).status_code == 201


async def test_address_errors(client: httpx.AsyncClient, sending: SendingService) -> None:
    def body(personalisation: dict[str, Any]) -> dict[str, Any]:
        return {"template_id": str(sending.letter.id), "personalisation": {**personalisation, "name": "x"}}

    short = {"address_line_1": "A", "postcode": "SW1A 1AA"}
    assert only_error(await post(client, sending.normal, body(short))) == (
        400,
        "ValidationError",
        "Address must be at least 3 lines",
    )
    bad_postcode = {**ADDRESS, "postcode": "not a postcode"}
    assert only_error(await post(client, sending.normal, body(bad_postcode))) == (
        400,
        "ValidationError",
        "Last line of address must be a real UK postcode or another country",
    )
    bad_start = {**ADDRESS, "address_line_1": "@ Person"}
    assert only_error(await post(client, sending.normal, body(bad_start))) == (
        400,
        "ValidationError",
        "Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >",
    )


async def test_letter_body_schema(client: httpx.AsyncClient, sending: SendingService) -> None:
    response = await post(client, sending.normal, {"template_id": str(sending.letter.id)})
    assert only_error(response) == (400, "ValidationError", "personalisation is a required property")


async def test_precompiled_letter_with_bad_base64(client: httpx.AsyncClient, sending: SendingService) -> None:
    response = await post(client, sending.normal, {"reference": "r", "content": "a"})
    assert only_error(response) == (
        400,
        "BadRequestError",
        "Cannot decode letter content (invalid base64 encoding)",
    )


async def test_precompiled_letter_postage_is_validated(
    client: httpx.AsyncClient, sending: SendingService
) -> None:
    pdf = base64.b64encode(b"%PDF-1.4").decode()
    response = await post(client, sending.normal, {"reference": "r", "content": pdf, "postage": "third"})
    assert only_error(response) == (
        400,
        "ValidationError",
        "postage invalid. It must be first, second, europe or rest-of-world.",
    )


async def test_precompiled_letter_is_stored_in_s3_pending_virus_check(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    sending: SendingService,
    task_queue: RecordingTaskQueue,
    settings: Settings,
) -> None:
    pdf = b"%PDF-1.4 a tiny letter"
    response = await post(
        client,
        sending.normal,
        {"reference": "my-ref", "content": base64.b64encode(pdf).decode(), "postage": "first"},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created == {"id": created["id"], "reference": "my-ref", "postage": "first"}
    row = (
        await connection.execute(select(notifications).where(notifications.c.id == uuid.UUID(created["id"])))
    ).one()
    assert (row.to, row.notification_status, row.billable_units) == (
        "Provided as PDF",
        "pending-virus-check",
        0,
    )
    stored = await ObjectStore(settings).get(
        settings.letters_scan_bucket, precompiled_pdf_key(row.id, row.reference)
    )
    assert stored == pdf
    assert task_queue.messages == [("sanitise-letter", "letter-tasks", (created["id"],))]
