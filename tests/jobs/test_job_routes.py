"""The admin job routes: create from an uploaded file, list with per-status counts, read, cancel."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import jobs, notifications
from notify_api.reporting import facts
from notify_api.timeutils import london_midnight_utc, london_today, utc_now
from tests.factories import create_job, create_notification, create_service, create_template
from tests.jobs.conftest import JobService, Upload, sms_rows
from tests.task_queue import RecordingTaskQueue


async def test_creating_a_job_reads_its_file_metadata_and_queues_it_for_processing(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    job_service: JobService,
    upload: Upload,
    task_queue: RecordingTaskQueue,
) -> None:
    service = job_service.service
    job_id = await upload(job_service.sms, sms_rows(3))
    response = await client.post(
        f"/service/{service.id}/job",
        json={"id": str(job_id), "created_by": str(service.created_by_id)},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["id"] == str(job_id)
    assert data["job_status"] == "pending"
    assert data["original_file_name"] == "people.csv"
    assert data["notification_count"] == 3
    assert data["template"] == str(job_service.sms.id)
    assert data["template_type"] == "sms"
    assert data["service_name"] == {"name": service.name}
    assert data["created_by"]["id"] == str(service.created_by_id)
    assert data["statistics"] == []
    assert task_queue.messages == [("process-job", "job-tasks", (str(job_id),))]


async def test_a_job_with_a_time_is_scheduled_not_queued_and_can_be_cancelled_until_then(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    job_service: JobService,
    upload: Upload,
    task_queue: RecordingTaskQueue,
) -> None:
    service = job_service.service
    job_id = await upload(job_service.sms, sms_rows(2))
    when = (utc_now() + timedelta(hours=2)).isoformat()
    response = await client.post(
        f"/service/{service.id}/job",
        json={"id": str(job_id), "created_by": str(service.created_by_id), "scheduled_for": when},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["data"]["job_status"] == "scheduled"
    assert task_queue.messages == []

    stats = (await client.get(f"/service/{service.id}/job/scheduled-job-stats", headers=headers)).json()
    assert stats["count"] == 1
    assert stats["soonest_scheduled_for"].startswith(when[:19])

    cancelled = await client.post(f"/service/{service.id}/job/{job_id}/cancel", headers=headers)
    assert cancelled.status_code == 200
    assert cancelled.json()["data"]["job_status"] == "cancelled"
    again = await client.post(f"/service/{service.id}/job/{job_id}/cancel", headers=headers)
    assert again.status_code == 404


async def test_creating_a_job_is_refused_as_the_original_refused_it(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    job_service: JobService,
    upload: Upload,
) -> None:
    service = job_service.service
    created_by = str(service.created_by_id)

    async def post(job_id: uuid.UUID, **extra: str) -> httpx.Response:
        return await client.post(
            f"/service/{service.id}/job",
            json={"id": str(job_id), "created_by": created_by, **extra},
            headers=headers,
        )

    invalid = await post(await upload(job_service.sms, sms_rows(1), valid="False"))
    assert (invalid.status_code, invalid.json()["message"]) == (400, "File is not valid, can't create job")

    past = await post(await upload(job_service.sms, sms_rows(1)), scheduled_for="2020-01-01T10:00:00")
    assert past.json()["message"] == {"scheduled_for": ["Date cannot be in the past"]}
    later = (utc_now() + timedelta(hours=97)).isoformat()
    too_late = await post(await upload(job_service.sms, sms_rows(1)), scheduled_for=later)
    assert too_late.json()["message"] == {"scheduled_for": ["Date cannot be more than 96hrs in the future"]}

    archived = await create_template(connection, service.id, archived=True)
    deleted = await post(await upload(archived, sms_rows(1)))
    assert deleted.json()["message"] == {"template": ["Template has been deleted"]}

    missing = await client.post(
        f"/service/{service.id}/job", json={"created_by": created_by}, headers=headers
    )
    assert missing.json()["message"] == {"id": ["Missing data for required field."]}

    trial = await create_service(connection, restricted=True)
    letter = await create_template(connection, trial.id, template_type="letter", subject="S", content="C")
    refused = await client.post(
        f"/service/{trial.id}/job",
        json={"id": str(await upload(letter, "address line 1\nA\n")), "created_by": created_by},
        headers=headers,
    )
    assert (refused.status_code, refused.json()["message"]) == (
        403,
        "Create letter job is not allowed for service in trial mode ",
    )

    inactive = await create_service(connection, active=False)
    template = await create_template(connection, inactive.id)
    stopped = await client.post(
        f"/service/{inactive.id}/job",
        json={"id": str(await upload(template, sms_rows(1))), "created_by": created_by},
        headers=headers,
    )
    assert (stopped.status_code, stopped.json()["message"]) == (
        403,
        "Create job is not allowed: service is inactive ",
    )
    count = (await connection.execute(select(jobs.c.id).where(jobs.c.service_id == service.id))).all()
    assert count == []


async def test_the_job_list_pages_filters_and_counts_each_jobs_notifications_by_status(
    client: httpx.AsyncClient, headers: dict[str, str], connection: AsyncConnection, job_service: JobService
) -> None:
    sms = job_service.sms
    now = utc_now()
    started = await create_job(
        connection, sms, notification_count=3, job_status="finished", processing_started=now
    )
    for status in ("delivered", "delivered", "permanent-failure"):
        await create_notification(connection, sms, job_id=started, status=status)
    await create_job(connection, sms, job_status="scheduled", scheduled_for=now + timedelta(hours=1))
    await create_job(connection, sms, original_file_name="Report")  # a one-off message's job: not listed

    url = f"/service/{sms.service_id}/job"
    body = (await client.get(url, headers=headers)).json()
    assert body["total"] == 2
    assert body["page_size"] == 50
    by_status = {job["job_status"]: job for job in body["data"]}
    assert by_status["finished"]["statistics"] == [
        {"status": "delivered", "count": 2},
        {"status": "permanent-failure", "count": 1},
    ]
    assert by_status["scheduled"]["statistics"] == []

    only = (await client.get(url, params={"statuses": "finished, cancelled"}, headers=headers)).json()
    assert [job["id"] for job in only["data"]] == [str(started)]

    one = (await client.get(f"{url}/{started}", headers=headers)).json()["data"]
    assert one["statistics"] == by_status["finished"]["statistics"]
    listed = (await client.get(f"{url}/{started}/notifications", headers=headers)).json()
    assert listed["total"] == 3
    assert {n["status"] for n in listed["notifications"]} == {"delivered", "permanent-failure"}
    assert (await client.get(f"{url}/has_jobs", headers=headers)).json() == {"data": {"has_jobs": True}}
    assert (await client.get(f"{url}/{uuid.uuid4()}", headers=headers)).status_code == 404


async def test_a_job_of_another_service_is_not_found(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    job_service: JobService,
) -> None:
    other = await create_service(connection)
    job_id = await create_job(connection, job_service.sms)
    assert (await client.get(f"/service/{other.id}/job/{job_id}", headers=headers)).status_code == 404
    assert (await client.post(f"/service/{other.id}/job/{job_id}/cancel", headers=headers)).status_code == 404


async def test_jobs_past_retention_are_counted_from_the_nightly_facts(
    client: httpx.AsyncClient, headers: dict[str, str], connection: AsyncConnection, job_service: JobService
) -> None:
    sms = job_service.sms
    day = london_today() - timedelta(days=5)
    started_at = london_midnight_utc(day) + timedelta(hours=10)
    old = await create_job(
        connection, sms, notification_count=3, job_status="finished", processing_started=started_at
    )
    for status in ("delivered", "delivered", "temporary-failure"):
        await create_notification(connection, sms, job_id=old, status=status, created_at=started_at)
    await facts.build_status_day(connection, day)
    # Retention has since taken the job's notifications out of the notifications table.
    await connection.execute(notifications.delete().where(notifications.c.job_id == old))
    expected = [{"status": "delivered", "count": 2}, {"status": "temporary-failure", "count": 1}]

    url = f"/service/{sms.service_id}/job"
    listed = (await client.get(url, headers=headers)).json()["data"]
    one = (await client.get(f"{url}/{old}", headers=headers)).json()["data"]

    assert [job["statistics"] for job in listed if job["id"] == str(old)] == [expected]
    assert one["statistics"] == expected


async def test_a_job_sent_from_a_contact_list_is_listed_under_it(
    client: httpx.AsyncClient, headers: dict[str, str], job_service: JobService, upload: Upload
) -> None:
    service = job_service.service
    list_id = uuid.uuid4()
    saved = await client.post(
        f"/service/{service.id}/contact-list",
        json={
            "id": str(list_id), "original_file_name": "team.csv", "row_count": 2, "template_type": "sms",
            "created_by": str(service.created_by_id),
        },
        headers=headers,
    )  # fmt: skip
    assert saved.status_code == 201
    job_id = await upload(job_service.sms, sms_rows(2), contact_list_id=str(list_id))

    created = await client.post(
        f"/service/{service.id}/job",
        json={"id": str(job_id), "created_by": str(service.created_by_id)},
        headers=headers,
    )

    assert created.status_code == 201, created.text
    assert created.json()["data"]["contact_list_id"] == str(list_id)
    listed = await client.get(
        f"/service/{service.id}/job", params={"contact_list_id": str(list_id)}, headers=headers
    )
    assert [job["id"] for job in listed.json()["data"]] == [str(job_id)]
    contact_list = (await client.get(f"/service/{service.id}/contact-list/{list_id}", headers=headers)).json()
    assert (contact_list["has_jobs"], contact_list["recent_job_count"]) == (True, 1)


async def test_a_job_from_a_contact_list_the_service_does_not_have_is_refused(
    client: httpx.AsyncClient, headers: dict[str, str], job_service: JobService, upload: Upload
) -> None:
    service = job_service.service
    job_id = await upload(job_service.sms, sms_rows(1), contact_list_id=str(uuid.uuid4()))

    response = await client.post(
        f"/service/{service.id}/job",
        json={"id": str(job_id), "created_by": str(service.created_by_id)},
        headers=headers,
    )

    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": {"contact_list_id": ["Contact list not found for this service"]},
    }
