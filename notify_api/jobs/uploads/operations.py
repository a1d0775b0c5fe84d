"""The Uploads page's two lists, in the shapes the admin site reads."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from notify_api.jobs.queries import job_statistics
from notify_api.jobs.uploads import queries
from notify_api.notifications.activity.operations import render
from notify_api.runtime import Runtime


async def uploads_page(
    runtime: Runtime, service_id: uuid.UUID, *, limit_days: int | None, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """A page of jobs and uploaded-letter days, each job with its per-status counts once it has started."""
    async with runtime.database.read() as connection:
        found, total = await queries.uploads_page(
            connection, service_id, limit_days=limit_days, page=page, page_size=page_size
        )
        started = [upload.id for upload in found if upload.id is not None and upload.processing_started]
        statistics = await job_statistics(connection, started)
    data = [upload.to_json(statistics.get(upload.id, []) if upload.id else []) for upload in found]
    return data, total


async def uploaded_letters_of_day(
    runtime: Runtime, service_id: uuid.UUID, day: date, *, page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    async with runtime.database.read() as connection:
        rows, total = await queries.uploaded_letter_rows(
            connection, service_id, day, page=page, page_size=page_size
        )
    return render(runtime.encryption, rows, for_csv=False), total
