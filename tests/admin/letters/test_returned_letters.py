"""Returned letters: POST /letters/returned queues the list; the worker marks and records the letters; the
service's returned-letter statistics, summary and list read them back in the original's shapes."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notification_history, notifications, returned_letters
from notify_api.letters.returned.operations import process_returned_letters_list
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now
from tests.admin.letters.conftest import LetterService
from tests.factories import (
    create_api_key,
    create_job,
    create_notification,
    create_template,
    create_user,
)
from tests.task_queue import RecordingTaskQueue


async def _status(connection: AsyncConnection, notification_id: uuid.UUID) -> str:
    query = select(notifications.c.notification_status).where(notifications.c.id == notification_id)
    return str((await connection.execute(query)).scalar_one())


async def _report(
    connection: AsyncConnection, service_id: uuid.UUID, notification_id: uuid.UUID, reported_at: date
) -> None:
    await connection.execute(
        returned_letters.insert().values(
            id=uuid.uuid4(),
            reported_at=reported_at,
            service_id=service_id,
            notification_id=notification_id,
            created_at=utc_now(),
        )
    )


async def test_posting_references_queues_them_for_the_database_worker(
    client: httpx.AsyncClient, headers: dict[str, str], task_queue: RecordingTaskQueue
) -> None:
    references = ["ABCDEFGHIJ123456", "0000000000000000"]
    response = await client.post("/letters/returned", json={"references": references}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"references": references}
    assert task_queue.messages == [("process-returned-letters-list", "database-tasks", (references,))]


async def test_bad_references_are_refused_and_nothing_is_queued(
    client: httpx.AsyncClient, headers: dict[str, str], task_queue: RecordingTaskQueue
) -> None:
    lower = await client.post("/letters/returned", json={"references": ["abcdefghij123456"]}, headers=headers)
    assert lower.status_code == 400
    assert lower.json()["errors"][0]["message"] == "references abcdefghij123456 does not match ^[0-9A-Z]{16}$"
    empty = await client.post("/letters/returned", json={"references": []}, headers=headers)
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["message"] == "references [] should be non-empty"
    missing = await client.post("/letters/returned", json={}, headers=headers)
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["message"] == "references is a required property"
    unsigned = await client.post("/letters/returned", json={"references": ["ABCDEFGHIJ123456"]})
    assert unsigned.status_code == 401
    assert task_queue.messages == []


async def test_the_worker_marks_live_and_history_letters_returned_and_records_each_once(
    connection: AsyncConnection, runtime: Runtime, letter_service: LetterService
) -> None:
    template = letter_service.letter
    live = await create_notification(connection, template, status="delivered", reference="LIVE000000000001")
    other = await create_notification(connection, template, status="delivered", reference="LIVE000000000002")
    old_id = uuid.uuid4()
    await connection.execute(
        notification_history.insert().values(
            id=old_id, service_id=template.service_id, template_id=template.id, template_version=1,
            key_type="normal", notification_type="letter", created_at=utc_now() - timedelta(days=30),
            notification_status="delivered", reference="HIST000000000001", postage="second",
        )
    )  # fmt: skip

    updated = await process_returned_letters_list(
        runtime, ["LIVE000000000001", "HIST000000000001", "NOSUCHREFERENCE1"]
    )
    assert updated == (1, 1)
    assert await _status(connection, live) == "returned-letter"
    assert await _status(connection, other) == "delivered"
    history_status = select(notification_history.c.notification_status).where(
        notification_history.c.id == old_id
    )
    assert (await connection.execute(history_status)).scalar_one() == "returned-letter"

    # Reported again later: still one row per letter.
    await process_returned_letters_list(runtime, ["LIVE000000000001"])
    rows = (
        await connection.execute(
            select(returned_letters.c.notification_id, returned_letters.c.reported_at).where(
                returned_letters.c.service_id == template.service_id
            )
        )
    ).all()
    assert sorted(row.notification_id for row in rows) == sorted([live, old_id])
    assert {row.reported_at for row in rows} == {utc_now().date()}


async def test_statistics_count_the_last_week_and_name_the_most_recent_report(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id, template = letter_service.service.id, letter_service.letter
    url = f"/service/{service_id}/returned-letter-statistics"
    assert (await client.get(url, headers=headers)).json() == {
        "returned_letter_count": 0,
        "most_recent_report": None,
    }

    long_ago = date.today() - timedelta(days=20)
    await _report(connection, service_id, await create_notification(connection, template), long_ago)
    assert (await client.get(url, headers=headers)).json() == {
        "returned_letter_count": 0,
        "most_recent_report": f"{long_ago.isoformat()} 00:00:00.000000",
    }

    yesterday = date.today() - timedelta(days=1)
    for _ in range(2):
        await _report(connection, service_id, await create_notification(connection, template), yesterday)
    assert (await client.get(url, headers=headers)).json() == {
        "returned_letter_count": 2,
        "most_recent_report": f"{yesterday.isoformat()} 00:00:00.000000",
    }


async def test_summary_counts_letters_per_report_day_newest_first(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id, template = letter_service.service.id, letter_service.letter
    first, second = date(2022, 1, 10), date(2022, 1, 12)
    await _report(connection, service_id, await create_notification(connection, template), first)
    for _ in range(3):
        await _report(connection, service_id, await create_notification(connection, template), second)
    response = await client.get(f"/service/{service_id}/returned-letter-summary", headers=headers)
    assert response.json() == [
        {"returned_letter_count": 3, "reported_at": "2022-01-12"},
        {"returned_letter_count": 1, "reported_at": "2022-01-10"},
    ]


async def test_returned_letters_of_a_day_say_who_sent_them_and_how(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    connection: AsyncConnection,
    letter_service: LetterService,
) -> None:
    service_id, template = letter_service.service.id, letter_service.letter
    day = date(2022, 1, 14)
    key = await create_api_key(connection, service_id)
    now = utc_now()
    from_api = await create_notification(
        connection, template, api_key_id=key.id, client_reference="their-ref", created_at=now
    )
    user = await create_user(connection, name="Sam Sender")
    job_id = await create_job(connection, template, original_file_name="renewals.csv")
    from_job = await create_notification(
        connection, template, job_id=job_id, job_row_number=4, created_by_id=user.id,
        created_at=now - timedelta(minutes=1),
    )  # fmt: skip
    precompiled = await create_template(
        connection, service_id, template_type="letter", name="Pre-compiled PDF", hidden=True
    )
    uploaded = await create_notification(
        connection, precompiled, client_reference="letter.pdf", created_by_id=user.id,
        created_at=now - timedelta(minutes=2),
    )  # fmt: skip
    for notification_id in (from_api, from_job, uploaded):
        await _report(connection, service_id, notification_id, day)
    await _report(connection, service_id, await create_notification(connection, template), date(2022, 1, 15))

    response = await client.get(
        f"/service/{service_id}/returned-letters?reported_at=2022-01-14", headers=headers
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "notification_id": str(from_api), "client_reference": "their-ref", "reported_at": "2022-01-14",
            "created_at": now.strftime("%Y-%m-%d %H:%M:%S.%f"), "template_name": "Renewal letter",
            "template_id": str(template.id), "template_version": 1, "user_name": "API",
            "email_address": "API", "original_file_name": None, "job_row_number": None,
            "uploaded_letter_file_name": None,
        },
        {
            "notification_id": str(from_job), "client_reference": None, "reported_at": "2022-01-14",
            "created_at": (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S.%f"),
            "template_name": "Renewal letter", "template_id": str(template.id), "template_version": 1,
            "user_name": "Sam Sender", "email_address": user.email_address,
            "original_file_name": "renewals.csv", "job_row_number": 5, "uploaded_letter_file_name": None,
        },
        {
            "notification_id": str(uploaded), "client_reference": None, "reported_at": "2022-01-14",
            "created_at": (now - timedelta(minutes=2)).strftime("%Y-%m-%d %H:%M:%S.%f"),
            "template_name": None, "template_id": None, "template_version": None,
            "user_name": "Sam Sender", "email_address": user.email_address,
            "original_file_name": None, "job_row_number": None, "uploaded_letter_file_name": "letter.pdf",
        },
    ]  # fmt: skip


async def test_returned_letters_without_a_day_are_none_and_a_bad_day_is_a_400(
    client: httpx.AsyncClient, headers: dict[str, str], letter_service: LetterService
) -> None:
    url = f"/service/{letter_service.service.id}/returned-letters"
    assert (await client.get(url, headers=headers)).json() == []
    bad = await client.get(url + "?reported_at=14-01-2022", headers=headers)
    assert bad.status_code == 400
    assert bad.json() == {
        "result": "error",
        "message": {"reported_at": ["14-01-2022 is not a date (YYYY-MM-DD)"]},
    }


async def test_a_long_list_is_worked_through_in_slices(
    connection: AsyncConnection, runtime: Runtime, letter_service: LetterService
) -> None:
    template = letter_service.letter
    now = utc_now()
    references = [f"LONG{number:012d}" for number in range(2500)]
    stored = references[::2] + references[-1:]  # every other one, and the very last
    await connection.execute(
        notifications.insert(),
        [
            {"id": uuid.uuid4(), "to": "1 Test Street", "service_id": template.service_id,
             "template_id": template.id, "template_version": 1, "key_type": "normal",
             "notification_type": "letter", "created_at": now, "notification_status": "delivered",
             "reference": reference, "postage": "second"}
            for reference in stored
        ],
    )  # fmt: skip
    assert await process_returned_letters_list(runtime, references) == (len(stored), 0)
    recorded = select(func.count()).where(returned_letters.c.service_id == template.service_id)
    assert (await connection.execute(recorded)).scalar_one() == len(stored)
