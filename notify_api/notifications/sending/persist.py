"""Writing new notifications: one INSERT, personalisation encrypted at rest.

The hot path sends the INSERT straight to asyncpg (prepared once per connection) instead of through
SQLAlchemy's execution machinery. The SQL and the order of its parameters are compiled from the table
definition, and only the columns `notification_row` writes are named, so every other column is left to the
database. tests/public_v2/send/test_notification_insert.py fails if this ever writes a row that
SQLAlchemy's own INSERT would write differently, or if the table gains a column this neither writes nor
leaves to a default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from sqlalchemy import bindparam, exists, insert, select
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.db.tables.idempotency import idempotency_keys
from notify_api.db.tables.notifications import notifications
from notify_api.notifications.types import KeyRecord, NewNotification

WRITTEN_COLUMNS: Final = (
    "id", "to", "normalised_to", "job_id", "job_row_number", "service_id", "template_id", "template_version",
    "api_key_id", "key_type", "billable_units", "notification_type", "created_at", "updated_at",
    "notification_status", "reference", "client_reference", "_personalisation", "international",
    "phone_prefix", "rate_multiplier", "created_by_id", "reply_to_text", "document_download_count", "postage",
)  # fmt: skip
_COMPILED: Final = (
    insert(notifications)
    .values({name: None for name in WRITTEN_COLUMNS})
    .compile(dialect=asyncpg_dialect.dialect())  # type: ignore[no-untyped-call]
)
_INSERT_SQL: Final = str(_COMPILED)
_PARAMETERS: Final[tuple[str, ...]] = tuple(_COMPILED.positiontup or ())  # the names of $1, $2, ...


def notification_row(notification: NewNotification, encryption: Encryption) -> dict[str, object]:
    personalisation = notification.personalisation
    return {
        "id": notification.id,
        "to": notification.to,
        "normalised_to": notification.normalised_to,
        "job_id": notification.job_id,
        "job_row_number": notification.job_row_number,
        "service_id": notification.service_id,
        "template_id": notification.template_id,
        "template_version": notification.template_version,
        "api_key_id": notification.api_key_id,
        "key_type": notification.key_type,
        "billable_units": notification.billable_units,
        "notification_type": notification.notification_type,
        "created_at": notification.created_at,
        "updated_at": notification.updated_at,
        "notification_status": notification.status,
        "reference": notification.reference,
        "client_reference": notification.client_reference,
        "_personalisation": encryption.encrypt_json(personalisation) if personalisation else None,
        "international": notification.international,
        "phone_prefix": notification.phone_prefix,
        "rate_multiplier": notification.rate_multiplier,
        "created_by_id": notification.created_by_id,
        "reply_to_text": notification.reply_to_text,
        "document_download_count": notification.document_download_count,
        "postage": notification.postage,
    }


async def insert_notification(
    connection: AsyncConnection, encryption: Encryption, notification: NewNotification
) -> None:
    row = notification_row(notification, encryption)
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    await raw.execute(_INSERT_SQL, *(row[name] for name in _PARAMETERS))


# A send with an Idempotency-Key: the key, the answer a retry gets and the notification are stored by one
# statement, so the key costs no round trip and no commit of its own. The key is taken unless another
# request holds it (a concurrent one waits for it on the primary key); then nothing is inserted. An expired
# key is taken over.
_keys = idempotency_keys.c
_excluded = pg_insert(idempotency_keys).excluded
_CLAIMED = (
    pg_insert(idempotency_keys)
    .values(
        service_id=bindparam("key_service_id"),
        key=bindparam("key"),
        fingerprint=bindparam("fingerprint"),
        created_at=bindparam("key_created_at"),
        response_status=bindparam("response_status"),
        response_body=bindparam("response_body"),
    )
    .on_conflict_do_update(
        index_elements=[_keys.service_id, _keys.key],
        set_={
            name: _excluded[name]
            for name in ("fingerprint", "created_at", "response_status", "response_body")
        },
        where=_keys.created_at < bindparam("expired_before", type_=_keys.created_at.type),
    )
    .returning(_keys.key)
    .cte("claimed")
)
_KEYED_COMPILED: Final = (
    insert(notifications)
    .from_select(
        list(WRITTEN_COLUMNS),
        select(*(bindparam(name, type_=notifications.c[name].type) for name in WRITTEN_COLUMNS)).where(
            exists(select(_CLAIMED.c.key))
        ),
    )
    .returning(notifications.c.id)
    .compile(dialect=asyncpg_dialect.dialect())  # type: ignore[no-untyped-call]
)
_KEYED_INSERT_SQL: Final = str(_KEYED_COMPILED)
_KEYED_PARAMETERS: Final[tuple[str, ...]] = tuple(_KEYED_COMPILED.positiontup or ())


async def insert_keyed_notification(
    connection: AsyncConnection, encryption: Encryption, notification: NewNotification, key: KeyRecord
) -> bool:
    """Store the notification and take its key in one statement; False (nothing stored) if the key is held."""
    values: dict[str, object] = {
        **notification_row(notification, encryption),
        "key_service_id": notification.service_id,
        "key": key.key,
        "fingerprint": key.fingerprint,
        "key_created_at": notification.created_at,
        "response_status": key.response_status,
        "response_body": key.response_body,
        "expired_before": key.expired_before,
    }
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    return await raw.fetchval(_KEYED_INSERT_SQL, *(values[name] for name in _KEYED_PARAMETERS)) is not None


# A job's rows: the same columns, one statement sent for many rows; a row already stored (a batch written
# again after a crash) is skipped by the unique (job_id, job_row_number).
_INSERT_JOB_ROWS_SQL: Final = _INSERT_SQL + " ON CONFLICT (job_id, job_row_number) DO NOTHING"


async def insert_job_rows(
    connection: AsyncConnection, encryption: Encryption, rows: Sequence[NewNotification]
) -> None:
    raw = (await connection.get_raw_connection()).driver_connection
    assert raw is not None
    records = []
    for notification in rows:
        row = notification_row(notification, encryption)
        records.append(tuple(row[name] for name in _PARAMETERS))
    await raw.executemany(_INSERT_JOB_ROWS_SQL, records)
