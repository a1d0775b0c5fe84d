"""Contact lists (/service/{id}/contact-list): saved, listed with their job counts, read, archived with their
file removed from S3, and the jobs sent from a list."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.contact_lists.operations import contact_list_file_key
from notify_api.db.tables import service_contact_list, service_data_retention
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from tests.factories import CreatedService, create_job, create_service, create_template, create_user


def _body(service: CreatedService, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "id": str(uuid.uuid4()),
        "original_file_name": "staff phone numbers.csv",
        "row_count": 100,
        "template_type": "sms",
        "created_by": str(service.created_by_id),
    }
    body.update(changes)
    return body


async def test_a_saved_list_is_answered_with_the_originals_shape(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    user = await create_user(connection, name="Ada Lovelace")
    service = await create_service(connection, user_id=user.id)
    body = _body(service)

    response = await client.post(f"/service/{service.id}/contact-list", json=body, headers=headers)

    assert response.status_code == 201
    saved = response.json()
    created_at = saved.pop("created_at")
    assert saved == {
        "id": body["id"],
        "original_file_name": "staff phone numbers.csv",
        "row_count": 100,
        "recent_job_count": 0,
        "has_jobs": False,
        "template_type": "sms",
        "service_id": str(service.id),
        "created_by": "Ada Lovelace",
    }
    assert created_at.endswith("Z") and created_at.startswith(utc_now().strftime("%Y-%m-%dT"))
    read = await client.get(f"/service/{service.id}/contact-list/{body['id']}", headers=headers)
    assert read.status_code == 200
    assert read.json() == {**saved, "created_at": created_at}


async def test_lists_are_newest_first_and_count_jobs_within_retention(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    older, newer = _body(service, template_type="email"), _body(service, original_file_name="newer.csv")
    await client.post(f"/service/{service.id}/contact-list", json=older, headers=headers)
    await client.post(f"/service/{service.id}/contact-list", json=newer, headers=headers)
    await connection.execute(
        service_contact_list.update()
        .where(service_contact_list.c.id == uuid.UUID(str(older["id"])))
        .values(created_at=utc_now() - timedelta(days=1))
    )
    older_id = uuid.UUID(str(older["id"]))
    now = utc_now()
    # Email retention of 3 days: a job started 2 days ago is recent, one started 5 days ago is not.
    await connection.execute(
        service_data_retention.insert().values(
            id=uuid.uuid4(), service_id=service.id, notification_type="email", days_of_retention=3,
            created_at=now,
        )
    )  # fmt: skip
    await create_job(
        connection, template, contact_list_id=older_id, processing_started=now - timedelta(days=2)
    )
    await create_job(
        connection, template, contact_list_id=older_id, processing_started=now - timedelta(days=5)
    )
    await create_job(connection, template, contact_list_id=older_id, created_at=now)  # not started yet

    response = await client.get(f"/service/{service.id}/contact-list", headers=headers)

    assert response.status_code == 200
    found = response.json()
    assert [item["id"] for item in found] == [newer["id"], older["id"]]
    assert [(item["recent_job_count"], item["has_jobs"]) for item in found] == [(0, False), (2, True)]


async def test_retention_defaults_to_seven_days_for_the_job_count(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    body = _body(service)
    await client.post(f"/service/{service.id}/contact-list", json=body, headers=headers)
    list_id = uuid.UUID(str(body["id"]))
    now = utc_now()
    await create_job(
        connection, template, contact_list_id=list_id, processing_started=now - timedelta(days=6)
    )
    await create_job(
        connection, template, contact_list_id=list_id, processing_started=now - timedelta(days=9)
    )

    found = (await client.get(f"/service/{service.id}/contact-list/{list_id}", headers=headers)).json()

    assert (found["recent_job_count"], found["has_jobs"]) == (1, True)


async def test_deleting_archives_the_list_and_removes_its_file(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], settings: Settings
) -> None:
    service = await create_service(connection)
    body = _body(service)
    list_id = uuid.UUID(str(body["id"]))
    store = ObjectStore(settings)
    key = contact_list_file_key(service.id, list_id)
    await store.put(settings.contact_list_bucket, key, b"phone number\n07700900123\n", "text/csv")
    await client.post(f"/service/{service.id}/contact-list", json=body, headers=headers)

    response = await client.delete(f"/service/{service.id}/contact-list/{list_id}", headers=headers)

    assert response.status_code == 204
    assert response.content == b""
    assert await store.get(settings.contact_list_bucket, key) is None
    archived = await connection.execute(
        select(service_contact_list.c.archived).where(service_contact_list.c.id == list_id)
    )
    assert archived.scalar_one() is True
    assert (await client.get(f"/service/{service.id}/contact-list", headers=headers)).json() == []
    gone = await client.get(f"/service/{service.id}/contact-list/{list_id}", headers=headers)
    assert gone.status_code == 404
    assert gone.json() == {"result": "error", "message": "No result found"}
    again = await client.delete(f"/service/{service.id}/contact-list/{list_id}", headers=headers)
    assert again.status_code == 404


async def test_lists_of_another_service_are_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service, other = await create_service(connection), await create_service(connection)
    body = _body(service)
    await client.post(f"/service/{service.id}/contact-list", json=body, headers=headers)

    read = await client.get(f"/service/{other.id}/contact-list/{body['id']}", headers=headers)
    deleted = await client.delete(f"/service/{other.id}/contact-list/{body['id']}", headers=headers)

    assert (read.status_code, deleted.status_code) == (404, 404)
    assert (await client.get(f"/service/{other.id}/contact-list", headers=headers)).json() == []


async def test_bad_lists_are_refused_with_clear_messages(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    url = f"/service/{service.id}/contact-list"

    letter = await client.post(url, json=_body(service, template_type="letter"), headers=headers)
    assert letter.status_code == 400
    assert letter.json()["errors"] == [
        {"error": "ValidationError", "message": "template_type letter is not one of [email, sms]"}
    ]
    missing = await client.post(url, json={"id": "nope", "row_count": "ten"}, headers=headers)
    assert missing.status_code == 400
    assert [error["message"] for error in missing.json()["errors"]] == [
        "id is not a valid UUID",
        "row_count ten is not of type integer",
        "original_file_name is a required property",
        "template_type is a required property",
        "created_by is a required property",
    ]
    stranger = await client.post(url, json=_body(service, created_by=str(uuid.uuid4())), headers=headers)
    assert stranger.status_code == 400
    assert stranger.json() == {"result": "error", "message": {"created_by": ["Not a valid user"]}}
    body = _body(service)
    assert (await client.post(url, json=body, headers=headers)).status_code == 201
    twice = await client.post(url, json=body, headers=headers)
    assert twice.status_code == 400
    assert twice.json()["message"] == {"id": [f"Contact list {body['id']} already exists"]}
    no_service = await client.post(
        f"/service/{uuid.uuid4()}/contact-list", json=_body(service), headers=headers
    )
    assert no_service.status_code == 404


async def test_jobs_are_listed_by_the_contact_list_they_were_sent_from(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    body = _body(service)
    await client.post(f"/service/{service.id}/contact-list", json=body, headers=headers)
    list_id = uuid.UUID(str(body["id"]))
    from_list = await create_job(connection, template, contact_list_id=list_id)
    await create_job(connection, template)

    response = await client.get(
        f"/service/{service.id}/job", params={"contact_list_id": str(list_id)}, headers=headers
    )

    assert response.status_code == 200
    assert [job["id"] for job in response.json()["data"]] == [str(from_list)]
    assert response.json()["data"][0]["contact_list_id"] == str(list_id)
