"""Housekeeping from the scheduler: ``delete-verify-codes`` (every 63 min), ``delete-invitations`` (every 66
min), ``delete-expired-documents`` (hourly: files sent by email past the retention their sender chose) and
``delete-expired-idempotency-keys`` (hourly: keys older than 24 hours)."""

from __future__ import annotations

import dramatiq

from notify_api.documents.operations import delete_expired_documents
from notify_api.housekeeping.queries import delete_old_invitations, delete_old_verify_codes
from notify_api.idempotency.operations import delete_expired as delete_expired_idempotency_keys
from notify_api.logging import get_logger
from notify_api.runtime import Runtime
from notify_api.tasks import queues
from notify_api.timeutils import utc_now
from notify_workers.broker import queue_name
from notify_workers.runtime import worker_runtime

log = get_logger(__name__)


async def remove_old_verify_codes(runtime: Runtime) -> int:
    async with runtime.database.unit_of_work() as work:
        deleted = await delete_old_verify_codes(work.connection, now=utc_now())
    log.info("verify_codes.deleted", count=deleted)
    return deleted


async def remove_old_invitations(runtime: Runtime) -> int:
    async with runtime.database.unit_of_work() as work:
        deleted = await delete_old_invitations(work.connection, now=utc_now())
    log.info("invitations.deleted", count=deleted)
    return deleted


@dramatiq.actor(actor_name="delete-verify-codes", queue_name=queue_name(queues.PERIODIC), max_retries=0)
async def delete_verify_codes() -> None:
    await remove_old_verify_codes(worker_runtime())


@dramatiq.actor(actor_name="delete-invitations", queue_name=queue_name(queues.PERIODIC), max_retries=0)
async def delete_invitations() -> None:
    await remove_old_invitations(worker_runtime())


async def remove_expired_documents(runtime: Runtime) -> int:
    deleted = await delete_expired_documents(runtime.settings, runtime.database)
    log.info("documents.deleted", count=deleted)
    return deleted


@dramatiq.actor(actor_name="delete-expired-documents", queue_name=queue_name(queues.PERIODIC), max_retries=0)
async def delete_expired_documents_task() -> None:
    await remove_expired_documents(worker_runtime())


async def remove_expired_idempotency_keys(runtime: Runtime) -> int:
    deleted = await delete_expired_idempotency_keys(runtime.database)
    log.info("idempotency_keys.deleted", count=deleted)
    return deleted


@dramatiq.actor(
    actor_name="delete-expired-idempotency-keys", queue_name=queue_name(queues.PERIODIC), max_retries=0
)
async def delete_expired_idempotency_keys_task() -> None:
    await remove_expired_idempotency_keys(worker_runtime())
