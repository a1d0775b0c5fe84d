from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.services import service_permissions, service_whitelist
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from tests.factories import create_reply_to, create_sms_sender, create_template
from tests.helpers import service_headers
from tests.task_queue import RecordingTaskQueue

from .conftest import SendingService

TRIAL = (
    "Can’t send to this recipient when service is in trial mode – see "
    "https://www.notifications.service.gov.uk/trial-mode"
)


async def post(client: httpx.AsyncClient, path: str, key: Any, body: Any) -> httpx.Response:
    return await client.post(path, headers=service_headers(key.service_id, key.secret), json=body)


def only_error(response: httpx.Response) -> tuple[str, str]:
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    return errors[0]["error"], errors[0]["message"]


async def stored(connection: AsyncConnection, notification_id: str) -> Any:
    query = select(notifications).where(notifications.c.id == uuid.UUID(notification_id))
    return (await connection.execute(query)).one_or_none()


async def test_sms_is_persisted_enqueued_and_described(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    sending: SendingService,
    task_queue: RecordingTaskQueue,
    settings: Settings,
) -> None:
    body = {
        "phone_number": "07700 900 123",
        "template_id": str(sending.sms.id),
        "personalisation": {"Name": "Ada"},
        "reference": "ref-1",
    }
    response = await post(client, "/v2/notifications/sms", sending.normal, body)

    assert response.status_code == 201, response.text
    created = response.json()
    notification_id = created["id"]
    assert created == {
        "id": notification_id,
        "reference": "ref-1",
        "uri": f"http://localhost:6011/v2/notifications/{notification_id}",
        "template": {
            "id": str(sending.sms.id),
            "version": 1,
            "uri": f"http://localhost:6011/services/{sending.service.id}/templates/{sending.sms.id}",
        },
        "scheduled_for": None,
        "content": {"body": "Hello Ada", "from_number": "testing"},
    }
    row = await stored(connection, notification_id)
    assert row.to == "07700 900 123"
    assert row.normalised_to == "447700900123"
    assert row.notification_status == "created"
    assert row.key_type == "normal"
    assert row.api_key_id == sending.normal.id
    assert row.client_reference == "ref-1"
    assert row.international is False
    assert row.reply_to_text == "testing"
    # personalisation is encrypted at rest, not stored in clear
    assert "Ada" not in row._personalisation
    assert Encryption(settings.secret_key).decrypt_json(row._personalisation) == {"Name": "Ada"}
    assert task_queue.messages == [("deliver_sms", "send-sms-tasks", (notification_id,))]


async def test_email_is_persisted_with_subject_and_from_address(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    sending: SendingService,
    task_queue: RecordingTaskQueue,
) -> None:
    body = {
        "email_address": "Someone@Example.com",
        "template_id": str(sending.email.id),
        "personalisation": {"name": "Bo"},
    }
    response = await post(client, "/v2/notifications/email", sending.normal, body)

    assert response.status_code == 201, response.text
    content = response.json()["content"]
    assert content == {
        "body": "Dear Bo,\n\nthanks",
        "subject": "Hi Bo",
        "from_email": "sending.service@test.notify.com",
    }
    row = await stored(connection, response.json()["id"])
    assert row.normalised_to == "someone@example.com"
    assert task_queue.messages[0][:2] == ("deliver_email", "send-email-tasks")


async def test_test_key_goes_to_the_research_queue_and_priority_templates_to_the_priority_queue(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    sending: SendingService,
    task_queue: RecordingTaskQueue,
) -> None:
    priority = await create_template(
        connection, sending.service.id, content="Urgent", process_type="priority"
    )
    await post(
        client,
        "/v2/notifications/sms",
        sending.test,
        {"phone_number": "07700900123", "template_id": str(sending.sms.id), "personalisation": {"name": "x"}},
    )
    await post(
        client,
        "/v2/notifications/sms",
        sending.normal,
        {"phone_number": "07700900123", "template_id": str(priority.id)},
    )
    assert [queue for _, queue, _ in task_queue.messages] == ["research-mode-tasks", "priority-tasks"]


async def test_simulated_recipients_are_accepted_but_not_stored_or_sent(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    sending: SendingService,
    task_queue: RecordingTaskQueue,
) -> None:
    response = await post(
        client,
        "/v2/notifications/sms",
        sending.normal,
        {
            "phone_number": "+447700900000",
            "template_id": str(sending.sms.id),
            "personalisation": {"name": "x"},
        },
    )
    assert response.status_code == 201
    assert await stored(connection, response.json()["id"]) is None
    assert task_queue.messages == []


async def test_team_key_only_sends_to_team_members_and_the_guest_list(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService, runtime: Runtime
) -> None:
    body = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x"},
    }
    response = await post(client, "/v2/notifications/sms", sending.team, body)
    assert response.status_code == 400
    assert only_error(response) == (
        "BadRequestError",
        "Can’t send to this recipient using a team-only API key",
    )

    member = await post(
        client, "/v2/notifications/sms", sending.team, {**body, "phone_number": "+44 7700 900986"}
    )
    assert member.status_code == 201

    await connection.execute(
        service_whitelist.insert().values(
            id=uuid.uuid4(), service_id=sending.service.id, recipient_type="mobile", recipient="07700900123"
        )
    )
    # the guest list is cached for a couple of seconds per process; an admin change invalidates it
    runtime.sending_caches.invalidate_service(sending.service.id)
    guest = await post(client, "/v2/notifications/sms", sending.team, body)
    assert guest.status_code == 201


async def test_trial_mode_blocks_live_keys_to_strangers_but_not_test_keys(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    await connection.execute(
        text("UPDATE services SET restricted = true WHERE id = :id"), {"id": sending.service.id}
    )
    body = {
        "email_address": "stranger@example.com",
        "template_id": str(sending.email.id),
        "personalisation": {"name": "x"},
    }
    response = await post(client, "/v2/notifications/email", sending.normal, body)
    assert response.status_code == 400
    assert only_error(response) == ("BadRequestError", TRIAL)
    assert (await post(client, "/v2/notifications/email", sending.test, body)).status_code == 201
    teammate = {**body, "email_address": "TEAM.member@example.gov.uk"}
    assert (await post(client, "/v2/notifications/email", sending.normal, teammate)).status_code == 201


async def test_international_numbers_need_the_permission_but_crown_dependencies_do_not(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    await connection.execute(
        service_permissions.delete().where(
            service_permissions.c.service_id == sending.service.id,
            service_permissions.c.permission == "international_sms",
        )
    )
    body = {"template_id": str(sending.sms.id), "personalisation": {"name": "x"}}
    response = await post(
        client, "/v2/notifications/sms", sending.normal, {**body, "phone_number": "+12025550123"}
    )
    assert only_error(response) == ("BadRequestError", "Cannot send to international mobile numbers")
    jersey = await post(
        client, "/v2/notifications/sms", sending.normal, {**body, "phone_number": "07797 123456"}
    )
    assert jersey.status_code == 201
    row = await stored(connection, jersey.json()["id"])
    assert row.international is True


async def test_international_sms_records_prefix_and_rate_multiplier(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    body = {
        "phone_number": "+1 242 555 0123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x"},
    }
    response = await post(client, "/v2/notifications/sms", sending.normal, body)
    assert response.status_code == 201, response.text
    row = await stored(connection, response.json()["id"])
    assert (row.international, row.phone_prefix, row.normalised_to) == (True, "1242", "12425550123")
    assert row.rate_multiplier == 2


async def test_template_errors_in_order(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    async def error_for(
        template_id: uuid.UUID, personalisation: dict[str, Any] | None = None
    ) -> tuple[str, str]:
        body: dict[str, Any] = {"phone_number": "07700900123", "template_id": str(template_id)}
        if personalisation is not None:
            body["personalisation"] = personalisation
        response = await post(client, "/v2/notifications/sms", sending.normal, body)
        assert response.status_code == 400
        return only_error(response)

    assert await error_for(uuid.uuid4()) == ("BadRequestError", "Template not found")
    assert await error_for(sending.email.id) == (
        "BadRequestError",
        "email template is not suitable for sms notification",
    )
    archived = await create_template(connection, sending.service.id, content="x", archived=True)
    assert await error_for(archived.id) == ("BadRequestError", "Template has been deleted")
    two = await create_template(connection, sending.service.id, content="((b)) and ((a)) and ((b))")
    assert await error_for(two.id, {"a": None}) == ("BadRequestError", "Missing personalisation: b, a")
    empty = await create_template(connection, sending.service.id, content="((x))")
    assert await error_for(empty.id, {"x": ""}) == ("BadRequestError", "Your message is empty.")


async def test_permission_is_checked_before_the_template(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    await connection.execute(
        service_permissions.delete().where(service_permissions.c.service_id == sending.service.id)
    )
    response = await post(
        client,
        "/v2/notifications/sms",
        sending.normal,
        {"phone_number": "07700900123", "template_id": str(uuid.uuid4())},
    )
    assert only_error(response) == ("BadRequestError", "Service is not allowed to send text messages")
    response = await post(
        client,
        "/v2/notifications/email",
        sending.normal,
        {"email_address": "a@b.com", "template_id": str(uuid.uuid4())},
    )
    assert only_error(response) == ("BadRequestError", "Service is not allowed to send emails")


async def test_senders_and_reply_tos(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    sender_id = await create_sms_sender(
        connection, sending.service.id, sms_sender="07123123123", is_default=False
    )
    body = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x"},
    }
    response = await post(
        client, "/v2/notifications/sms", sending.normal, {**body, "sms_sender_id": str(sender_id)}
    )
    assert response.json()["content"]["from_number"] == "447123123123"

    unknown = uuid.uuid4()
    response = await post(
        client, "/v2/notifications/sms", sending.normal, {**body, "sms_sender_id": str(unknown)}
    )
    assert only_error(response) == (
        "BadRequestError",
        f"sms_sender_id {unknown} does not exist in database for service id {sending.service.id}",
    )
    reply_to = await create_reply_to(connection, sending.service.id, email_address="replies@example.gov.uk")
    email = {
        "email_address": "a@b.com",
        "template_id": str(sending.email.id),
        "personalisation": {"name": "x"},
    }
    response = await post(
        client, "/v2/notifications/email", sending.normal, {**email, "email_reply_to_id": str(reply_to)}
    )
    row = await stored(connection, response.json()["id"])
    assert row.reply_to_text == "replies@example.gov.uk"
    response = await post(
        client, "/v2/notifications/email", sending.normal, {**email, "email_reply_to_id": str(unknown)}
    )
    assert only_error(response) == (
        "BadRequestError",
        f"email_reply_to_id {unknown} does not exist in database for service id {sending.service.id}",
    )


async def test_too_long_text_message(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    body = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x" * 913},
    }
    response = await post(client, "/v2/notifications/sms", sending.normal, body)
    assert only_error(response) == (
        "BadRequestError",
        "Your message is too long. Text messages cannot be longer than 918 characters. "
        "Your message is 919 characters long.",
    )
    ok = await post(
        client, "/v2/notifications/sms", sending.normal, {**body, "personalisation": {"name": "x" * 912}}
    )
    assert ok.status_code == 201


async def test_files_need_a_contact_link(client: httpx.AsyncClient, sending: SendingService) -> None:
    body = {
        "email_address": "a@b.com",
        "template_id": str(sending.email.id),
        "personalisation": {"name": {"file": "YWJj", "is_csv": False}},
    }
    response = await post(client, "/v2/notifications/email", sending.normal, body)
    assert only_error(response) == (
        "BadRequestError",
        "Send files by email has not been set up - add contact details for your service at "
        f"http://localhost:6012/services/{sending.service.id}/service-settings/send-files-by-email",
    )


async def test_bad_json_and_schema_errors(client: httpx.AsyncClient, sending: SendingService) -> None:
    headers = service_headers(sending.service.id, sending.normal.secret)
    response = await client.post("/v2/notifications/sms", headers=headers, content=b"{not json")
    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "errors": [{"error": "BadRequestError", "message": "Invalid JSON supplied in POST data"}],
    }
    response = await client.post("/v2/notifications/sms", headers=headers, json={"template_id": "nope"})
    assert response.status_code == 400
    messages = [error["message"] for error in response.json()["errors"]]
    assert messages == ["template_id is not a valid UUID", "phone_number is a required property"]


async def test_unknown_notification_type_is_authenticated_then_not_found(
    client: httpx.AsyncClient, sending: SendingService
) -> None:
    assert (await client.post("/v2/notifications/fax", json={})).status_code == 401
    response = await post(client, "/v2/notifications/fax", sending.normal, {})
    assert response.status_code == 404
    assert response.json()["result"] == "error"


async def test_rate_limit_per_key_type(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    await connection.execute(update_rate_limit(sending.service.id, 2))
    body = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x"},
    }
    statuses = [
        (await post(client, "/v2/notifications/sms", sending.normal, body)).status_code for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    response = await post(client, "/v2/notifications/sms", sending.normal, body)
    assert only_error(response) == (
        "RateLimitError",
        "Exceeded rate limit for key type LIVE of 2 requests per 60 seconds",
    )
    # each key type has its own window
    assert (await post(client, "/v2/notifications/sms", sending.test, body)).status_code == 201


async def test_daily_limit_counts_persisted_live_messages(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    await connection.execute(
        text("UPDATE services SET message_limit = 2 WHERE id = :id"), {"id": sending.service.id}
    )
    body = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x"},
    }
    for _ in range(2):
        assert (await post(client, "/v2/notifications/sms", sending.normal, body)).status_code == 201
    response = await post(client, "/v2/notifications/sms", sending.normal, body)
    assert response.status_code == 429
    assert only_error(response) == ("TooManyRequestsError", "Exceeded send limits (2) for today")
    # test keys neither count nor are limited
    assert (await post(client, "/v2/notifications/sms", sending.test, body)).status_code == 201


def update_rate_limit(service_id: uuid.UUID, limit: int) -> Any:
    from notify_api.db.tables.services import services

    return update(services).where(services.c.id == service_id).values(rate_limit=limit)


async def test_only_stored_live_messages_count_towards_the_daily_limit(
    client: httpx.AsyncClient, sending: SendingService, redis_client: Any
) -> None:
    from notify_api.notifications.sending.limits import daily_count_key

    async def sent_today() -> int:
        return int(await redis_client.get(daily_count_key(sending.service.id)) or 0)

    body = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": "x"},
    }
    assert (await post(client, "/v2/notifications/sms", sending.normal, body)).status_code == 201
    assert await sent_today() == 1
    failing = {**body, "template_id": str(uuid.uuid4())}
    assert (await post(client, "/v2/notifications/sms", sending.normal, failing)).status_code == 400
    simulated = {**body, "phone_number": "07700900000"}
    assert (await post(client, "/v2/notifications/sms", sending.normal, simulated)).status_code == 201
    assert (await post(client, "/v2/notifications/sms", sending.test, body)).status_code == 201
    assert await sent_today() == 1  # the failed, simulated and test-key sends were not counted
