"""/service/{id}/notifications (GET and POST) and /service/{id}/notifications/{nid}: the activity pages."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.timeutils import utc_now
from tests.factories import (
    create_api_key,
    create_job,
    create_notification,
    create_service,
    create_template,
    create_user,
)


async def test_one_notification_with_its_template_job_key_and_sender(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, name="Reminder", content="Hi ((name))")
    job_id = await create_job(connection, template, original_file_name="people.csv")
    user = await create_user(connection, name="Ada Lovelace")
    key = await create_api_key(connection, service.id, name="Production key")
    notification_id = await create_notification(
        connection, template, job_id=job_id, job_row_number=4, api_key_id=key.id, created_by_id=user.id,
        personalisation={"name": "Ada"}, status="delivered", sent_by="mmg", client_reference="ref-1",
    )  # fmt: skip

    response = await client.get(f"/service/{service.id}/notifications/{notification_id}", headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(notification_id)
    assert body["to"] == "+447700900855"
    assert body["status"] == "delivered"
    assert body["template"] == {
        "id": str(template.id), "version": 1, "name": "Reminder", "template_type": "sms",
        "content": "Hi ((name))", "subject": None, "redact_personalisation": False,
        "is_precompiled_letter": False,
    }  # fmt: skip
    assert body["job"] == {"id": str(job_id), "original_file_name": "people.csv"}
    assert body["created_by"] == {
        "id": str(user.id),
        "name": "Ada Lovelace",
        "email_address": user.email_address,
    }
    assert (body["key_name"], body["key_type"], body["api_key"]) == ("Production key", "normal", str(key.id))
    assert body["personalisation"] == {"name": "Ada"}
    assert body["job_row_number"] == 4
    assert body["service"] == str(service.id)
    assert body["client_reference"] == "ref-1"


async def test_a_notification_of_another_service_is_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service, other = await create_service(connection), await create_service(connection)
    notification_id = await create_notification(connection, await create_template(connection, other.id))

    for path in (notification_id, uuid.uuid4(), "not-a-uuid"):
        response = await client.get(f"/service/{service.id}/notifications/{path}", headers=headers)
        assert response.status_code == 404
        assert response.json() == {"result": "error", "message": "Notification not found in database"}


async def test_the_list_pages_newest_first_and_links_the_pages_either_side(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    now = utc_now()
    ids = [
        await create_notification(connection, template, created_at=now - timedelta(minutes=n))
        for n in range(5)
    ]

    first = await client.get(f"/service/{service.id}/notifications", params={"page_size": 2}, headers=headers)
    second = await client.get(
        f"/service/{service.id}/notifications", params={"page_size": 2, "page": 2}, headers=headers
    )
    last = await client.get(
        f"/service/{service.id}/notifications", params={"page_size": 2, "page": 3}, headers=headers
    )

    assert [item["id"] for item in first.json()["notifications"]] == [str(i) for i in ids[:2]]
    assert first.json()["page_size"] == 2
    assert first.json()["links"] == {"next": f"/service/{service.id}/notifications?page=2&page_size=2"}
    assert [item["id"] for item in second.json()["notifications"]] == [str(i) for i in ids[2:4]]
    assert second.json()["links"] == {
        "prev": f"/service/{service.id}/notifications?page=1&page_size=2",
        "next": f"/service/{service.id}/notifications?page=3&page_size=2",
    }
    assert [item["id"] for item in last.json()["notifications"]] == [str(ids[4])]
    assert last.json()["links"] == {"prev": f"/service/{service.id}/notifications?page=2&page_size=2"}


async def test_filters_by_type_status_group_test_key_jobs_one_off_and_age(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    email = await create_template(connection, service.id, template_type="email")
    user = await create_user(connection)
    job_id = await create_job(connection, sms)
    made = {
        "delivered": await create_notification(connection, sms, status="delivered"),
        "failed": await create_notification(connection, sms, status="permanent-failure"),
        "email": await create_notification(connection, email, status="delivered"),
        "test": await create_notification(connection, sms, key_type="test"),
        "job": await create_notification(connection, sms, job_id=job_id, job_row_number=0),
        "one_off": await create_notification(connection, sms, created_by_id=user.id),
        "old": await create_notification(connection, sms, created_at=utc_now() - timedelta(days=9)),
    }
    names = {str(value): key for key, value in made.items()}

    async def shown(method: str, **filters: object) -> set[str]:
        path = f"/service/{service.id}/notifications"
        if method == "GET":
            response = await client.get(path, params=filters, headers=headers)  # type: ignore[arg-type]
        else:
            response = await client.post(path, json=filters, headers=headers)
        assert response.status_code == 200, response.text
        return {names[item["id"]] for item in response.json()["notifications"]}

    everything_but_test = set(made) - {"test"}
    assert await shown("GET") == everything_but_test
    assert await shown("GET", include_from_test_key="True") == set(made)
    assert await shown("GET", template_type="email") == {"email"}
    assert await shown("POST", template_type=["sms"], status=["failed"]) == {"failed"}
    assert await shown("POST", status=["delivered"]) == {"delivered", "email"}
    assert await shown("GET", include_jobs="False") == everything_but_test - {"job"}
    assert await shown("GET", include_one_off="False") == everything_but_test - {"one_off"}
    assert await shown("GET", limit_days=7) == everything_but_test - {"old"}
    assert await shown("GET", older_than=str(made["old"])) == set()


async def test_csv_format_and_bad_filters(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, name="Alert")
    job_id = await create_job(connection, template, original_file_name="list.csv")
    notification_id = await create_notification(
        connection, template, status="temporary-failure", job_id=job_id, job_row_number=0
    )

    response = await client.get(
        f"/service/{service.id}/notifications", params={"format_for_csv": "True"}, headers=headers
    )
    [row] = response.json()["notifications"]
    assert {key: value for key, value in row.items() if key != "created_at"} == {
        "id": str(notification_id), "row_number": 1, "recipient": "+447700900855", "client_reference": "",
        "template_name": "Alert", "template_type": "sms", "job_name": "list.csv",
        "status": "Phone not accepting messages right now", "created_by_name": None,
        "created_by_email_address": None,
    }  # fmt: skip

    bad = await client.get(f"/service/{service.id}/notifications", params={"page": "x"}, headers=headers)
    assert bad.status_code == 400
    assert bad.json() == {"result": "error", "message": {"page": ["Not a valid integer."]}}


async def test_to_searches_recipients_and_references_however_typed(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    email = await create_template(connection, service.id, template_type="email")
    phone = await create_notification(connection, sms, to="+447700900123")
    other_phone = await create_notification(connection, sms, to="+447700900999")
    by_reference = await create_notification(
        connection, sms, to="+447700900555", client_reference="Invoice-77"
    )
    mail = await create_notification(connection, email, to="Jo.Bloggs@example.com")
    await create_notification(connection, sms, to="+447700900123", key_type="test")

    async def found(**args: str) -> list[str]:
        response = await client.get(f"/service/{service.id}/notifications", params=args, headers=headers)
        assert response.status_code == 200
        assert "page_size" not in response.json()
        return sorted(item["id"] for item in response.json()["notifications"])

    assert await found(to="07700 900123", template_type="sms") == [str(phone)]
    assert await found(to="900123") == [str(phone)]
    assert await found(to="invoice-7") == [str(by_reference)]
    assert await found(to="jo.bloggs@EXAMPLE.com", template_type="email") == [str(mail)]
    assert str(other_phone) not in await found(to="900123")
