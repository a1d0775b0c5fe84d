"""Where a job's CSV file lives in S3 (the admin site puts it there, with its metadata, before creating the
job) and reading it back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from notify_api.settings import Settings
from notify_api.storage import ObjectStore


def job_file_key(service_id: uuid.UUID, job_id: uuid.UUID) -> str:
    return f"service-{service_id}-notify/{job_id}.csv"


@dataclass(frozen=True, slots=True)
class JobFile:
    content: bytes
    metadata: dict[str, str]


async def read_job_file(settings: Settings, service_id: uuid.UUID, job_id: uuid.UUID) -> JobFile | None:
    found = await ObjectStore(settings).get_with_metadata(
        settings.csv_upload_bucket, job_file_key(service_id, job_id)
    )
    return JobFile(*found) if found is not None else None


async def write_job_file(
    settings: Settings, service_id: uuid.UUID, job_id: uuid.UUID, content: bytes, metadata: dict[str, str]
) -> None:
    await ObjectStore(settings).put_with_metadata(
        settings.csv_upload_bucket, job_file_key(service_id, job_id), content, metadata
    )
