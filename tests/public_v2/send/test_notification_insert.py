"""The send path's INSERT goes straight to asyncpg; these tests fail the day it disagrees with SQLAlchemy's
own INSERT or with the table definition."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.idempotency import idempotency_keys
from notify_api.db.tables.notifications import notifications
from notify_api.notifications.sending.persist import (
    WRITTEN_COLUMNS,
    insert_keyed_notification,
    insert_notification,
    notification_row,
)
from notify_api.notifications.types import KeyRecord, NewNotification
from notify_api.runtime import Runtime
from tests.factories import create_api_key, create_service, create_template


def test_every_column_is_written_or_left_to_the_database() -> None:
    table_columns = {column.name: column for column in notifications.columns}
    assert set(WRITTEN_COLUMNS) <= set(table_columns), "the insert names a column the table does not have"
    for name, column in table_columns.items():
        if name in WRITTEN_COLUMNS:
            continue
        # Left out of the INSERT, a column gets its server default or NULL: a Python-side default or a
        # NOT NULL column without a server default would be skipped or fail.
        assert column.default is None, f"{name} has a Python-side default the fast insert would skip"
        assert column.nullable or column.server_default is not None, f"{name} needs a value on insert"


async def a_notification(connection: AsyncConnection) -> NewNotification:
    service = (await create_service(connection)).id
    template = (await create_template(connection, service, content="Hello ((name))")).id
    api_key = (await create_api_key(connection, service)).id
    notification = NewNotification(
        service_id=service,
        template_id=template,
        template_version=1,
        notification_type="sms",
        to="07700 900123",
        normalised_to="447700900123",
        personalisation={"name": "Ada"},
        key_type="normal",
        api_key_id=api_key,
        created_at=datetime.now(UTC).replace(tzinfo=None),
        client_reference="ref-1",
        reply_to_text="GOVUK",
        international=False,
        phone_prefix="44",
        rate_multiplier=1.0,
        document_download_count=0,
    )
    return notification


async def stored_pair(
    connection: AsyncConnection, runtime: Runtime, notification: NewNotification, twin: NewNotification
) -> tuple[dict[str, object], dict[str, object]]:
    await connection.execute(insert(notifications).values(notification_row(twin, runtime.encryption)))
    fast, library = [
        (await connection.execute(select(notifications).where(notifications.c.id == row_id))).one()._asdict()
        for row_id in (notification.id, twin.id)
    ]
    # The same values in every column but the id and the personalisation's ciphertext (random nonce).
    for row in (fast, library):
        row.pop("id")
        assert runtime.encryption.decrypt_json(row.pop("_personalisation")) == {"name": "Ada"}
    return fast, library


async def test_fast_insert_writes_what_sqlalchemy_writes(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    notification = await a_notification(connection)
    await insert_notification(connection, runtime.encryption, notification)
    fast, library = await stored_pair(
        connection, runtime, notification, replace(notification, id=uuid.uuid4())
    )
    assert fast == library


def key_record(key: str, body: bytes, *, expired_before: datetime | None = None) -> KeyRecord:
    return KeyRecord(
        key=key,
        fingerprint="f" * 64,
        response_status=201,
        response_body=body,
        expired_before=expired_before or datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=24),
    )


async def test_the_keyed_insert_writes_what_sqlalchemy_writes_and_stores_the_answer(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    notification = await a_notification(connection)
    taken = await insert_keyed_notification(
        connection, runtime.encryption, notification, key_record("key-1", b'{"id": "first"}')
    )
    assert taken
    fast, library = await stored_pair(
        connection, runtime, notification, replace(notification, id=uuid.uuid4())
    )
    assert fast == library
    key_row = (
        await connection.execute(select(idempotency_keys).where(idempotency_keys.c.key == "key-1"))
    ).one()
    assert (key_row.service_id, key_row.response_status, key_row.response_body) == (
        notification.service_id,
        201,
        b'{"id": "first"}',
    )


async def test_a_held_key_stores_nothing_and_an_expired_one_is_taken_over(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    first = await a_notification(connection)
    assert await insert_keyed_notification(connection, runtime.encryption, first, key_record("key-2", b"1"))
    second = replace(first, id=uuid.uuid4())
    assert not await insert_keyed_notification(
        connection, runtime.encryption, second, key_record("key-2", b"2")
    )
    stored = select(func.count()).select_from(notifications).where(notifications.c.id == second.id)
    assert (await connection.execute(stored)).scalar_one() == 0

    # Once the key is older than the expiry, the next send takes it over with its own answer.
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=1)
    third = replace(first, id=uuid.uuid4())
    assert await insert_keyed_notification(
        connection, runtime.encryption, third, key_record("key-2", b"3", expired_before=later)
    )
    answer = select(idempotency_keys.c.response_body).where(idempotency_keys.c.key == "key-2")
    assert (await connection.execute(answer)).scalar_one() == b"3"
