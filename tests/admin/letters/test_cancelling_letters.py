"""Cancelling letters over HTTP: one letter (POST .../notifications/{id}/cancel) with the original's
refusals, and every letter of a finished letter job (POST .../job/{id}/cancel-letter-job)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import jobs, notifications
from notify_api.timeutils import utc_now
from tests.admin.letters.conftest import LetterService
from tests.factories import create_job, create_notification, create_template


async def _cancel(
    client: httpx.AsyncClient, headers: dict[str, str], service_id: uuid.UUID, nid: uuid.UUID
) -> httpx.Response:
    return await client.post(f"/service/{service_id}/notifications/{nid}/cancel", headers=headers)


async def test_a_letter_not_yet_printed_is_cancelled_and_returned(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    letter = await create_notification(connection, letter_service.letter, personalisation={"name": "Jo"})
    response = await _cancel(client, headers, service_id, letter)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == str(letter)
    assert body["status"] == "cancelled"
    assert body["template"]["name"] == "Renewal letter"
    assert body["personalisation"] == {"name": "Jo"}
    stored = select(notifications.c.notification_status).where(notifications.c.id == letter)
    assert (await connection.execute(stored)).scalar_one() == "cancelled"

    again = await _cancel(client, headers, service_id, letter)
    assert again.status_code == 400
    assert again.json() == {"result": "error", "message": "This letter has already been cancelled."}


async def test_refusals_name_the_reason(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    missing = await _cancel(client, headers, service_id, uuid.uuid4())
    assert missing.status_code == 404
    assert missing.json() == {"result": "error", "message": "Notification not found"}

    sms = await create_notification(connection, await create_template(connection, service_id))
    not_letter = await _cancel(client, headers, service_id, sms)
    assert not_letter.status_code == 400
    assert not_letter.json()["message"] == "Notification cannot be cancelled - only letters can be cancelled"

    # 10:00 UTC is 10:00 or 11:00 in the UK: printed at 17:30 the same UK day, three days ago.
    three_days_ago = (utc_now() - timedelta(days=3)).replace(hour=10, minute=0)
    old = await create_notification(connection, letter_service.letter, created_at=three_days_ago)
    too_late = await _cancel(client, headers, service_id, old)
    assert too_late.status_code == 400
    day = f"{three_days_ago.day} {three_days_ago.strftime('%B')}"
    assert (
        too_late.json()["message"]
        == f"It’s too late to cancel this letter. Printing started on {day} at 5.30pm"
    )

    now = utc_now()
    delivered = await create_notification(
        connection, letter_service.letter, status="delivered", created_at=now
    )
    odd = await _cancel(client, headers, service_id, delivered)
    assert odd.status_code == 400
    assert (
        odd.json()["message"]
        == f"We could not cancel this letter. Letter status: delivered, created_at: {now}"
    )

    # Another service's letter is not found.
    other = await _cancel(client, headers, uuid.uuid4(), old)
    assert other.status_code == 404


async def _letter_job(
    connection: AsyncConnection, letter_service: LetterService, statuses: list[str], **job: object
) -> uuid.UUID:
    options: dict[str, object] = {"job_status": "finished", "notification_count": len(statuses), **job}
    job_id = await create_job(connection, letter_service.letter, **options)  # type: ignore[arg-type]
    for row, status in enumerate(statuses):
        await create_notification(
            connection, letter_service.letter, job_id=job_id, job_row_number=row, status=status
        )
    return job_id


async def test_a_finished_letter_job_is_cancelled_whole(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    job_id = await _letter_job(connection, letter_service, ["created", "created", "validation-failed"])
    response = await client.post(f"/service/{service_id}/job/{job_id}/cancel-letter-job", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == 3
    rows = (
        await connection.execute(
            select(notifications.c.notification_status, notifications.c.billable_units).where(
                notifications.c.job_id == job_id
            )
        )
    ).all()
    assert [tuple(row) for row in rows] == [("cancelled", 0)] * 3
    status = (await connection.execute(select(jobs.c.job_status).where(jobs.c.id == job_id))).scalar_one()
    assert status == "cancelled"


async def test_letter_jobs_that_cannot_be_cancelled_say_why_and_change_nothing(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id

    async def refusal(job_id: uuid.UUID) -> object:
        response = await client.post(f"/service/{service_id}/job/{job_id}/cancel-letter-job", headers=headers)
        assert response.status_code == 400, response.text
        return response.json()

    sms_job = await create_job(
        connection, await create_template(connection, service_id), job_status="finished"
    )
    assert await refusal(sms_job) == {
        "message": "Only letter jobs can be cancelled through this endpoint. This is not a letter job."
    }
    still = {"message": "We are still processing these letters, please try again in a minute."}
    assert (
        await refusal(await _letter_job(connection, letter_service, ["created"], job_status="in progress"))
        == still
    )
    assert (
        await refusal(await _letter_job(connection, letter_service, ["created"], notification_count=2))
        == still
    )

    too_late = {"message": "It’s too late to cancel sending, these letters have already been sent."}
    taken = await _letter_job(connection, letter_service, ["created", "sending"])
    assert await refusal(taken) == too_late
    old = await _letter_job(connection, letter_service, ["created"], created_at=utc_now() - timedelta(days=3))
    assert await refusal(old) == too_late
    unchanged = select(notifications.c.notification_status).where(notifications.c.job_id == taken)
    assert sorted((await connection.execute(unchanged)).scalars()) == ["created", "sending"]

    missing = await client.post(
        f"/service/{service_id}/job/{uuid.uuid4()}/cancel-letter-job", headers=headers
    )
    assert missing.status_code == 404
