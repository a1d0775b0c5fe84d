from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.commands.purge import purge_with
from notify_api.db.database import BoundDatabase
from notify_api.db.tables import metadata
from notify_api.db.tables.inbound import inbound_numbers
from notify_api.db.tables.services import service_data_retention, service_whitelist, services
from notify_api.db.tables.templates import template_folder, template_folder_map
from notify_api.db.tables.users import users, verify_codes
from notify_api.timeutils import utc_now
from tests.factories import (
    add_user_to_service,
    create_api_key,
    create_callback_api,
    create_inbound_api,
    create_inbound_number,
    create_inbound_sms,
    create_notification,
    create_service,
    create_template,
    create_user,
)


async def rows_for_service(connection: AsyncConnection, service_id: uuid.UUID) -> dict[str, int]:
    counts = {}
    for table in metadata.sorted_tables:
        if "service_id" in table.c:
            query = select(func.count()).select_from(table).where(table.c.service_id == service_id)
            count = (await connection.execute(query)).scalar_one()
            if count:
                counts[table.name] = count
    return counts


async def build_test_service(
    connection: AsyncConnection, email: str
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    user = await create_user(connection, email_address=email)
    service = await create_service(connection, user_id=user.id)
    template = await create_template(connection, service.id)
    key = await create_api_key(connection, service.id)
    await create_notification(connection, template, api_key_id=key.id)
    number = await create_inbound_number(connection, service_id=service.id)
    await create_inbound_sms(connection, service.id)
    await create_callback_api(connection, service.id)
    await create_inbound_api(connection, service.id)
    await connection.execute(
        service_data_retention.insert().values(
            id=uuid.uuid4(),
            service_id=service.id,
            notification_type="sms",
            days_of_retention=3,
            created_at=utc_now(),
        )
    )
    await connection.execute(
        service_whitelist.insert().values(
            id=uuid.uuid4(), service_id=service.id, recipient_type="email", recipient="a@b.com"
        )
    )
    folder = uuid.uuid4()
    await connection.execute(template_folder.insert().values(id=folder, service_id=service.id, name="f"))
    await connection.execute(
        template_folder_map.insert().values(template_id=template.id, template_folder_id=folder)
    )
    await connection.execute(
        verify_codes.insert().values(
            id=uuid.uuid4(),
            user_id=user.id,
            _code="x",
            code_type="sms",
            expiry_datetime=utc_now(),
            created_at=utc_now(),
        )
    )
    return user.id, service.id, number


async def test_purges_services_with_everything_that_hangs_off_them(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    user_id, service_id, number = await build_test_service(
        connection, f"functional+{uuid.uuid4()}@example.gov.uk"
    )
    assert len(await rows_for_service(connection, service_id)) > 10
    messages: list[str] = []

    report = await purge_with(db, "functional", dry_run=False, echo=messages.append)

    assert report.services == 1 and report.users == 1
    assert await rows_for_service(connection, service_id) == {}
    assert (await connection.execute(select(services).where(services.c.id == service_id))).first() is None
    assert (await connection.execute(select(users).where(users.c.id == user_id))).first() is None
    released = (await connection.execute(select(inbound_numbers).where(inbound_numbers.c.id == number))).one()
    assert released.service_id is None


async def test_dry_run_deletes_nothing(connection: AsyncConnection, db: BoundDatabase) -> None:
    _, service_id, _ = await build_test_service(connection, f"dry+{uuid.uuid4()}@example.gov.uk")
    before = await rows_for_service(connection, service_id)
    messages: list[str] = []
    report = await purge_with(db, "dry", dry_run=True, echo=messages.append)
    assert await rows_for_service(connection, service_id) == before
    assert report.rows["notifications"] == 1
    assert any(message.startswith("Would delete 1 service(s)") for message in messages)


async def test_users_without_a_uuid_are_skipped_not_crashed_on(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    await create_user(connection, email_address="skipme@example.gov.uk")
    await create_user(connection, email_address="skipme+notauuid@example.gov.uk")
    messages: list[str] = []
    report = await purge_with(db, "skipme", dry_run=False, echo=messages.append)
    assert report.users == 0
    assert "Skipping skipme@example.gov.uk as the user email doesn't contain a UUID." in messages
    assert "Skipping skipme+notauuid@example.gov.uk as the user email doesn't contain a UUID." in messages


async def test_members_who_belong_to_other_services_are_kept(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    _, service_id, _ = await build_test_service(connection, f"keep+{uuid.uuid4()}@example.gov.uk")
    colleague = await create_user(connection, email_address="real.person@example.gov.uk")
    other = await create_service(connection, user_id=colleague.id)
    await add_user_to_service(connection, colleague.id, service_id)
    messages: list[str] = []
    await purge_with(db, "keep", dry_run=False, echo=messages.append)
    assert (await connection.execute(select(users).where(users.c.id == colleague.id))).first() is not None
    assert (await connection.execute(select(services).where(services.c.id == other.id))).first() is not None
    assert await rows_for_service(connection, service_id) == {}


async def test_wildcards_in_the_prefix_are_literal_characters(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    marker = uuid.uuid4().hex[:8]
    await create_user(connection, email_address=f"lk{marker}_a@example.gov.uk")
    await create_user(connection, email_address=f"lk{marker}xa@example.gov.uk")

    underscore = await purge_with(db, f"lk{marker}_", dry_run=True, echo=lambda _: None)
    percent = await purge_with(db, "%", dry_run=True, echo=lambda _: None)

    assert underscore.skipped == [f"lk{marker}_a@example.gov.uk"]
    assert (percent.skipped, percent.users) == ([], 0)
