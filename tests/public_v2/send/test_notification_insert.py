"""The send path's INSERT goes straight to asyncpg; these tests fail the day it disagrees with SQLAlchemy's
own INSERT or with the table definition."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notifications
from notify_api.notifications.sending.persist import WRITTEN_COLUMNS, insert_notification, notification_row
from notify_api.notifications.types import NewNotification
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


async def test_fast_insert_writes_what_sqlalchemy_writes(
    connection: AsyncConnection, runtime: Runtime
) -> None:
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
    twin = replace(notification, id=uuid.uuid4())

    await insert_notification(connection, runtime.encryption, notification)
    await connection.execute(insert(notifications).values(notification_row(twin, runtime.encryption)))

    fast, library = [
        (await connection.execute(select(notifications).where(notifications.c.id == row_id))).one()._asdict()
        for row_id in (notification.id, twin.id)
    ]
    # The same values in every column but the id and the personalisation's ciphertext (random nonce).
    for row in (fast, library):
        row.pop("id")
        assert runtime.encryption.decrypt_json(row.pop("_personalisation")) == {"name": "Ada"}
    assert fast == library
