"""GET /v2/notifications/{id}: every field, letters' extras, errors (spec §3.4)."""

from __future__ import annotations

import uuid
from datetime import datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_notification, create_service, create_template, create_user
from tests.public_v2.read.openapi_check import assert_documented
from tests.public_v2.read.read_support import ReadingService

PATH = "/v2/notifications/{notification_id}"
HOST = "http://localhost:6011"  # API_HOST_NAME of the test settings


async def test_sms_notification_has_every_field(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="Hi ((name)), code ((code))")
    created_at = datetime(2022, 1, 21, 11, 1, 39, 123456)
    notification_id = await create_notification(
        connection,
        template,
        to="07700 900855",
        status="sending",
        client_reference="my-ref",
        personalisation={"Name": "Jo", "code": 1234},
        created_at=created_at,
        sent_at=datetime(2022, 1, 21, 11, 2),
        updated_at=datetime(2022, 1, 21, 11, 3),
    )
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    assert response.status_code == 200
    assert response.json() == {
        "id": str(notification_id),
        "reference": "my-ref",
        "email_address": None,
        "phone_number": "07700 900855",
        "line_1": None,
        "line_2": None,
        "line_3": None,
        "line_4": None,
        "line_5": None,
        "line_6": None,
        "postcode": None,
        "type": "sms",
        "status": "sending",
        "template": {
            "id": str(template.id),
            "version": 1,
            "uri": f"{HOST}/v2/template/{template.id}/version/1",
        },
        "body": "Hi Jo, code 1234",
        "subject": None,
        "created_at": "2022-01-21T11:01:39.123456Z",
        "created_by_name": None,
        "sent_at": "2022-01-21T11:02:00.000000Z",
        "completed_at": None,
        "scheduled_for": None,
        "postage": None,
    }
    assert_documented(response, PATH)


async def test_email_notification_renders_subject_and_body_from_stored_personalisation(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(
        connection,
        reader.service.id,
        template_type="email",
        subject="Hello ((name)) - it's here",
        content="Dear ((name)),\n\n((items))",
    )
    notification_id = await create_notification(
        connection,
        template,
        to="Someone@Example.com",
        status="delivered",
        personalisation={"name": "Sam", "items": ["one", "two"]},
        updated_at=datetime(2022, 1, 22, 9, 0),
    )
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    body = response.json()
    assert body["email_address"] == "Someone@Example.com"
    assert body["phone_number"] is None
    assert body["subject"] == "Hello Sam – it’s here"
    assert body["body"] == "Dear Sam,\n\n\n\n* one\n* two"
    assert body["completed_at"] == "2022-01-22T09:00:00.000000Z"
    assert "estimated_delivery" not in body
    assert_documented(response, PATH)


async def test_placeholders_without_a_stored_value_stay_as_written(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="Hi ((name))")
    notification_id = await create_notification(connection, template, personalisation=None)
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    assert response.json()["body"] == "Hi ((name))"


@pytest.mark.parametrize(
    ("status", "completed"),
    [
        ("created", False),
        ("sending", False),
        ("pending", False),
        ("sent", True),
        ("delivered", True),
        ("technical-failure", True),
        ("temporary-failure", True),
        ("permanent-failure", True),
        ("failed", True),
    ],
)
async def test_completed_at_is_the_last_update_once_the_status_is_final(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    reader: ReadingService,
    status: str,
    completed: bool,
) -> None:
    template = await create_template(connection, reader.service.id)
    notification_id = await create_notification(
        connection, template, status=status, updated_at=datetime(2022, 2, 1, 10, 0)
    )
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    assert response.json()["completed_at"] == ("2022-02-01T10:00:00.000000Z" if completed else None)
    assert response.json()["status"] == status


async def test_created_by_name_is_the_user_who_sent_a_one_off_message(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    sender = await create_user(connection, name="Grace Hopper")
    template = await create_template(connection, reader.service.id)
    notification_id = await create_notification(connection, template, created_by_id=sender.id)
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    assert response.json()["created_by_name"] == "Grace Hopper"


async def test_template_uri_names_the_version_the_notification_used(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    notification_id = await create_notification(connection, template)
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    assert response.json()["template"]["uri"] == f"{HOST}/v2/template/{template.id}/version/1"


@pytest.mark.parametrize("key_type", ["normal", "team", "test"])
async def test_any_key_type_reads_notifications_sent_with_any_other(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService, key_type: str
) -> None:
    template = await create_template(connection, reader.service.id)
    notification_id = await create_notification(connection, template, key_type="test")
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers(key_type))
    assert response.status_code == 200


LETTER_PERSONALISATION = {
    "Address Line 1": "Ms A Person",
    "address_line_2": "1 High Street",
    "ADDRESS-LINE-3": "Town",
    "address_line_6": None,
    "Post Code": "sw1a 1aa",
    "name": "Ms Person",
}


async def test_letter_has_address_lines_postage_and_estimated_delivery(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(
        connection,
        reader.service.id,
        template_type="letter",
        subject="About you & ((name))",
        content="Dear ((name))",
        postage="first",
    )
    # Monday 10:00 UK time: printed Tuesday; first class arrives Wednesday, 16:00 BST = 15:00 UTC.
    notification_id = await create_notification(
        connection,
        template,
        to="Ms A Person\n1 High Street\nTown\nSW1A 1AA",
        personalisation=LETTER_PERSONALISATION,
        created_at=datetime(2022, 6, 13, 9, 0),
        postage="first",
    )
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    body = response.json()
    assert {key: body[key] for key in ("line_1", "line_2", "line_3", "line_4", "line_5", "line_6")} == {
        "line_1": "Ms A Person",
        "line_2": "1 High Street",
        "line_3": "Town",
        "line_4": None,
        "line_5": None,
        "line_6": None,
    }
    assert body["postcode"] == "sw1a 1aa"  # as given: the response shows the personalisation's value
    assert body["email_address"] is None and body["phone_number"] is None
    assert body["postage"] == "first"
    assert body["subject"] == "About you &amp; Ms Person"
    assert body["body"] == "Dear Ms Person"
    assert body["estimated_delivery"] == "2022-06-15T15:00:00.000000Z"
    assert_documented(response, PATH)


@pytest.mark.parametrize(
    ("status", "public"),
    [
        ("created", "accepted"),
        ("sending", "accepted"),
        ("delivered", "received"),
        ("returned-letter", "received"),
        ("pending-virus-check", "pending-virus-check"),
        ("virus-scan-failed", "virus-scan-failed"),
        ("validation-failed", "validation-failed"),
        ("technical-failure", "technical-failure"),
        ("permanent-failure", "permanent-failure"),
        ("cancelled", "cancelled"),
    ],
)
async def test_letter_statuses_are_shown_as_the_public_ones(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService, status: str, public: str
) -> None:
    template = await create_template(connection, reader.service.id, template_type="letter")
    notification_id = await create_notification(
        connection, template, status=status, personalisation=LETTER_PERSONALISATION
    )
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    assert response.json()["status"] == public
    assert_documented(response, PATH)


async def test_an_unknown_id_is_not_found(client: httpx.AsyncClient, reader: ReadingService) -> None:
    response = await client.get(f"/v2/notifications/{uuid.uuid4()}", headers=reader.headers())
    assert response.status_code == 404
    assert response.json() == {
        "status_code": 404,
        "errors": [{"error": "NoResultFound", "message": "No result found"}],
    }
    assert_documented(response, PATH)


async def test_another_services_notification_is_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    other = await create_service(connection)
    template = await create_template(connection, other.id)
    notification_id = await create_notification(connection, template)
    response = await client.get(f"/v2/notifications/{notification_id}", headers=reader.headers())
    assert response.status_code == 404


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1234", "sms"])
async def test_an_id_that_is_not_a_uuid_is_a_validation_error(
    client: httpx.AsyncClient, reader: ReadingService, bad_id: str
) -> None:
    response = await client.get(f"/v2/notifications/{bad_id}", headers=reader.headers())
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "errors": [{"error": "ValidationError", "message": "notification_id is not a valid UUID"}],
    }
    assert_documented(response, PATH)


async def test_uuid_without_hyphens_is_accepted(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    notification_id = await create_notification(connection, template)
    response = await client.get(f"/v2/notifications/{notification_id.hex.upper()}", headers=reader.headers())
    assert response.status_code == 200
    assert response.json()["id"] == str(notification_id)


async def test_auth_is_required(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v2/notifications/{uuid.uuid4()}")
    assert response.status_code == 401
    assert response.json()["errors"] == [
        {"error": "AuthError", "message": "Unauthorized: authentication token must be provided"}
    ]
    assert_documented(response, PATH)
