"""The Uploads page over HTTP: CSV jobs and uploaded letters grouped by print day, newest first, within the
service's retention; and the uploaded letters of one print day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.timeutils import utc_now
from tests.admin.letters.conftest import LetterService
from tests.factories import create_api_key, create_job, create_notification, create_template

UK = ZoneInfo("Europe/London")


def _run_starts(day: date) -> str:
    """17:30 UK time on ``day``, as the naive-UTC text the page shows."""
    moment = datetime.combine(day, time(17, 30), tzinfo=UK).astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _at(days_ago: int, hour: int) -> datetime:
    return datetime.combine(utc_now().date() - timedelta(days=days_ago), time(hour, 0))


async def test_jobs_and_uploaded_letters_by_print_day(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    sms = await create_template(connection, service_id)
    now = utc_now()
    job = await create_job(
        connection, sms, original_file_name="people.csv", notification_count=2, job_status="finished",
        created_at=now - timedelta(hours=1), processing_started=now,
    )  # fmt: skip
    await create_notification(connection, sms, job_id=job, job_row_number=0, status="delivered")
    await create_notification(connection, sms, job_id=job, job_row_number=1, status="created")
    # Left out: scheduled, cancelled, the admin's own one-off "Report" jobs, and jobs past retention.
    await create_job(connection, sms, job_status="scheduled", scheduled_for=now + timedelta(days=1))
    await create_job(connection, sms, job_status="cancelled")
    await create_job(connection, sms, original_file_name="Report", job_status="finished")
    await create_job(
        connection, sms, created_at=now - timedelta(days=9), processing_started=now - timedelta(days=9)
    )

    precompiled = await create_template(
        connection, service_id, template_type="letter", name="Pre-compiled PDF", hidden=True
    )
    yesterday_noon = await create_notification(
        connection, precompiled, client_reference="noon.pdf", created_at=_at(1, 12)
    )
    # After 17:30 two days ago: printed yesterday, with the letter above.
    evening = await create_notification(connection, precompiled, created_at=_at(2, 18))
    await create_notification(connection, precompiled, created_at=_at(3, 9))
    # Left out: cancelled, sent through the API, templated.
    await create_notification(connection, precompiled, created_at=_at(1, 11), status="cancelled")
    key = await create_api_key(connection, service_id)
    await create_notification(connection, precompiled, created_at=_at(1, 11), api_key_id=key.id)
    await create_notification(connection, letter_service.letter, created_at=_at(1, 11))

    response = await client.get(f"/service/{service_id}/upload", headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    yesterday = utc_now().date() - timedelta(days=1)
    assert body == {
        "data": [
            {
                "id": str(job), "original_file_name": "people.csv", "notification_count": 2,
                "created_at": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"), "upload_type": "job",
                "template_type": "sms", "recipient": None,
                "statistics": [{"status": "created", "count": 1}, {"status": "delivered", "count": 1}],
            },
            {
                "id": None, "original_file_name": "Uploaded letters", "notification_count": 2,
                "created_at": _run_starts(yesterday), "upload_type": "letter_day", "template_type": "letter",
                "recipient": None, "statistics": [],
            },
            {
                "id": None, "original_file_name": "Uploaded letters", "notification_count": 1,
                "created_at": _run_starts(yesterday - timedelta(days=2)), "upload_type": "letter_day",
                "template_type": "letter", "recipient": None, "statistics": [],
            },
        ],
        "page_size": 50,
        "total": 3,
        "links": {},
    }  # fmt: skip

    recent = (await client.get(f"/service/{service_id}/upload?limit_days=1", headers=headers)).json()
    assert [(item["upload_type"], item["notification_count"]) for item in recent["data"]] == [
        ("job", 2),
        ("letter_day", 1),
    ]

    day = await client.get(
        f"/service/{service_id}/upload/uploaded-letters/{yesterday.isoformat()}", headers=headers
    )
    assert day.status_code == 200, day.text
    letters = day.json()
    assert [item["id"] for item in letters["notifications"]] == [str(yesterday_noon), str(evening)]
    assert letters["notifications"][0]["client_reference"] == "noon.pdf"
    assert letters["notifications"][0]["template"]["is_precompiled_letter"] is True
    assert (letters["total"], letters["page_size"], letters["links"]) == (2, 50, {})


async def test_uploads_are_paged(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    sms = await create_template(connection, service_id)
    now = utc_now()
    for minutes in range(51):
        await create_job(
            connection, sms, job_status="finished", processing_started=now - timedelta(minutes=minutes)
        )
    first = (await client.get(f"/service/{service_id}/upload", headers=headers)).json()
    assert (len(first["data"]), first["total"]) == (50, 51)
    assert first["links"] == {
        "next": f"/service/{service_id}/upload?page=2",
        "last": f"/service/{service_id}/upload?page=2",
    }
    second = (await client.get(f"/service/{service_id}/upload?page=2", headers=headers)).json()
    assert len(second["data"]) == 1
    assert second["links"] == {"prev": f"/service/{service_id}/upload?page=1"}


async def test_bad_arguments_are_400s(
    client: httpx.AsyncClient, headers: dict[str, str], letter_service: LetterService
) -> None:
    base = f"/service/{letter_service.service.id}/upload"
    bad_day = await client.get(base + "/uploaded-letters/2022-13-01", headers=headers)
    assert bad_day.status_code == 400
    assert bad_day.json() == {
        "result": "error",
        "message": "The browser (or proxy) sent a request that this server could not understand.",
    }
    assert (await client.get(base + "?limit_days=lots", headers=headers)).status_code == 400
    assert (await client.get(base + "?page=0", headers=headers)).status_code == 400
    assert (await client.get(base)).status_code == 401


async def test_a_print_day_runs_from_the_previous_days_1730_to_its_own_uk_time(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id = letter_service.service.id
    precompiled = await create_template(
        connection, service_id, template_type="letter", name="Pre-compiled PDF", hidden=True
    )
    # June: UK time is UTC + 1, so 17:30 UK is 16:30 UTC.
    too_early = await create_notification(
        connection, precompiled, created_at=datetime(2022, 6, 1, 16, 29, 59)
    )
    first = await create_notification(connection, precompiled, created_at=datetime(2022, 6, 1, 16, 30))
    last = await create_notification(connection, precompiled, created_at=datetime(2022, 6, 2, 16, 29, 59))
    too_late = await create_notification(connection, precompiled, created_at=datetime(2022, 6, 2, 16, 30))

    async def day(text: str) -> list[str]:
        response = await client.get(f"/service/{service_id}/upload/uploaded-letters/{text}", headers=headers)
        return [item["id"] for item in response.json()["notifications"]]

    assert await day("2022-06-02") == [str(last), str(first)]
    assert await day("2022-06-01") == [str(too_early)]
    assert await day("2022-06-03") == [str(too_late)]
