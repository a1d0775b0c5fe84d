"""GET /v2/notifications: filters, key type, order, paging and links (spec §3.5)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import CreatedTemplate, create_job, create_notification, create_service, create_template
from tests.public_v2.read.openapi_check import assert_documented
from tests.public_v2.read.read_support import ReadingService

PATH = "/v2/notifications"
BASE = "http://localhost:6011"  # the test client's scheme and host
START = datetime(2022, 1, 10, 12, 0)


async def _ids(
    client: httpx.AsyncClient, reader: ReadingService, query: str = "", key: str = "normal"
) -> list[str]:
    response = await client.get(f"/v2/notifications{query}", headers=reader.headers(key))
    assert response.status_code == 200, response.text
    assert_documented(response, PATH)
    return [item["id"] for item in response.json()["notifications"]]


async def _notify(
    connection: AsyncConnection, template: CreatedTemplate, minutes: int, **values: object
) -> str:
    created_at = START + timedelta(minutes=minutes)
    return str(await create_notification(connection, template, created_at=created_at, **values))  # type: ignore[arg-type]


async def test_newest_first_with_links(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    older = await _notify(connection, template, 1)
    newer = await _notify(connection, template, 2)
    response = await client.get(PATH, headers=reader.headers())
    body = response.json()
    assert [item["id"] for item in body["notifications"]] == [newer, older]
    assert body["links"] == {
        "current": f"{BASE}/v2/notifications",
        "next": f"{BASE}/v2/notifications?older_than={older}",
    }
    assert_documented(response, PATH)


async def test_empty_list_has_no_next_link(client: httpx.AsyncClient, reader: ReadingService) -> None:
    response = await client.get(PATH, headers=reader.headers())
    assert response.json() == {"notifications": [], "links": {"current": f"{BASE}/v2/notifications"}}
    assert_documented(response, PATH)


async def test_links_keep_the_arguments_in_order_and_replace_older_than_in_place(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    first = await _notify(connection, template, 1, status="created")
    marker = await _notify(connection, template, 2, status="created")
    query = f"?status=created&older_than={marker}&status=pending&template_type=sms"
    response = await client.get(PATH + query, headers=reader.headers())
    links = response.json()["links"]
    assert links["current"] == (
        f"{BASE}/v2/notifications?status=created&status=pending&older_than={marker}&template_type=sms"
    )
    assert links["next"] == (
        f"{BASE}/v2/notifications?status=created&status=pending&older_than={first}&template_type=sms"
    )


async def test_only_the_requesting_key_types_notifications_are_listed(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    by_key = {key: await _notify(connection, template, n, key_type=key) for n, key in enumerate(reader.keys)}
    for key, notification_id in by_key.items():
        assert await _ids(client, reader, key=key) == [notification_id]


async def test_other_services_notifications_are_not_listed(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    other = await create_service(connection)
    await _notify(connection, await create_template(connection, other.id), 1)
    assert await _ids(client, reader) == []


async def test_filter_by_template_type_repeated(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    sms = await _notify(connection, await create_template(connection, reader.service.id), 1)
    email = await _notify(
        connection, await create_template(connection, reader.service.id, template_type="email"), 2
    )
    letter = await _notify(
        connection, await create_template(connection, reader.service.id, template_type="letter"), 3
    )
    assert await _ids(client, reader, "?template_type=sms") == [sms]
    assert await _ids(client, reader, "?template_type=email&template_type=letter") == [letter, email]


async def test_filter_by_status_and_failed_expands_to_every_failure(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    statuses = [
        "created", "delivered", "technical-failure", "temporary-failure", "permanent-failure",
        "validation-failed", "virus-scan-failed", "returned-letter", "failed",
    ]  # fmt: skip
    ids = {status: await _notify(connection, template, n, status=status) for n, status in enumerate(statuses)}
    failures = statuses[2:8]
    assert await _ids(client, reader, "?status=failed") == [ids[s] for s in reversed(failures)]
    assert await _ids(client, reader, "?status=created&status=delivered") == [
        ids["delivered"],
        ids["created"],
    ]


async def test_letter_filters_use_internal_status_names(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, template_type="letter")
    received = await _notify(connection, template, 1, status="delivered")
    response = await client.get(PATH + "?status=delivered", headers=reader.headers())
    assert [(item["id"], item["status"]) for item in response.json()["notifications"]] == [
        (received, "received")
    ]


async def test_accepted_received_passes_validation_but_matches_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, template_type="letter")
    await _notify(connection, template, 1, status="delivered")
    await _notify(connection, template, 2, status="created")
    response = await client.get(PATH, params={"status": "accepted, received"}, headers=reader.headers())
    assert response.json()["notifications"] == []
    assert response.json()["links"]["current"] == f"{BASE}/v2/notifications?status=accepted%2C+received"


@pytest.mark.parametrize("status", ["accepted", "received", "elephant"])
async def test_unknown_status_is_a_validation_error(
    client: httpx.AsyncClient, reader: ReadingService, status: str
) -> None:
    response = await client.get(PATH, params={"status": status}, headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "error": "ValidationError",
            "message": f"status {status} is not one of [cancelled, created, sending, sent, delivered, "
            "pending, failed, technical-failure, temporary-failure, permanent-failure, pending-virus-check, "
            "validation-failed, virus-scan-failed, returned-letter, accepted, received]",
        }
    ]
    assert_documented(response, PATH)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?template_type=orange", "template_type orange is not one of [sms, email, letter]"),
        ("?older_than=nope", "older_than is not a valid UUID"),
        ("?include_jobs=yes", "include_jobs yes is not one of [true, True]"),
        ("?colour=red", "Additional properties are not allowed (colour was unexpected)"),
    ],
)
async def test_invalid_arguments_are_validation_errors(
    client: httpx.AsyncClient, reader: ReadingService, query: str, message: str
) -> None:
    response = await client.get(PATH + query, headers=reader.headers())
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "errors": [{"error": "ValidationError", "message": message}],
    }


async def test_filter_by_reference_uses_the_first_value(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    mine = await _notify(connection, template, 1, client_reference="mine")
    await _notify(connection, template, 2, client_reference="theirs")
    assert await _ids(client, reader, "?reference=mine&reference=theirs") == [mine]


async def test_job_notifications_only_with_include_jobs(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    job_id = await create_job(connection, template)
    from_job = await _notify(connection, template, 1, job_id=job_id, job_row_number=0)
    one_off = await _notify(connection, template, 2)
    assert await _ids(client, reader) == [one_off]
    assert await _ids(client, reader, "?include_jobs=true") == [one_off, from_job]
    assert await _ids(client, reader, "?include_jobs=True") == [one_off, from_job]


async def test_older_than_pages_through_ties_without_skipping(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    same_time = [await _notify(connection, template, 5) for _ in range(3)]
    older = await _notify(connection, template, 1)
    expected = [*sorted(same_time, reverse=True), older]
    seen: list[str] = []
    query = ""
    for _ in range(10):
        response = await client.get(PATH + query, headers=reader.headers())
        items = response.json()["notifications"]
        if not items:
            break
        seen.append(items[0]["id"])
        query = f"?older_than={items[0]['id']}"
    assert seen == expected


async def test_older_than_an_unknown_id_gives_an_empty_page(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    await _notify(connection, template, 1)
    assert await _ids(client, reader, f"?older_than={uuid.uuid4()}") == []


async def test_pages_hold_250_and_next_links_continue(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="Hello ((name))")
    for n in range(255):
        await _notify(connection, template, n, personalisation={"name": f"person {n}"})
    first = await client.get(PATH, headers=reader.headers())
    page = first.json()["notifications"]
    assert len(page) == 250
    assert page[0]["body"] == "Hello person 254"
    assert page[-1]["body"] == "Hello person 5"
    second = await client.get(first.json()["links"]["next"], headers=reader.headers())
    assert [item["body"] for item in second.json()["notifications"]] == [
        f"Hello person {n}" for n in range(4, -1, -1)
    ]
    assert "next" in second.json()["links"]
