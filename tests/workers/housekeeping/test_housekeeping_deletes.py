from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import invited_organisation_users, invited_users
from notify_api.db.tables.users import verify_codes
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now
from notify_workers.actors.housekeeping import remove_old_invitations, remove_old_verify_codes
from tests.factories import create_organisation, create_service, create_user


async def count(connection: AsyncConnection, table: object) -> int:
    return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def test_codes_older_than_a_day_are_deleted(connection: AsyncConnection, runtime: Runtime) -> None:
    user = await create_user(connection)
    for age in (timedelta(hours=25), timedelta(hours=23)):
        await connection.execute(
            verify_codes.insert().values(
                id=uuid.uuid4(),
                user_id=user.id,
                _code="x",
                code_type="sms",
                expiry_datetime=utc_now(),
                created_at=utc_now() - age,
            )
        )
    before = await count(connection, verify_codes)

    assert await remove_old_verify_codes(runtime) >= 1
    assert await count(connection, verify_codes) == before - 1


async def test_invitations_two_days_old_are_deleted(connection: AsyncConnection, runtime: Runtime) -> None:
    inviter = await create_user(connection)
    service = await create_service(connection, user_id=inviter.id)
    organisation = await create_organisation(connection)
    for age in (timedelta(days=2, minutes=1), timedelta(days=1)):
        await connection.execute(
            invited_users.insert().values(
                id=uuid.uuid4(),
                email_address="a@b.gov.uk",
                user_id=inviter.id,
                service_id=service.id,
                created_at=utc_now() - age,
                status="pending",
                permissions="send_texts",
                auth_type="sms_auth",
                folder_permissions=[],
            )
        )
        await connection.execute(
            invited_organisation_users.insert().values(
                id=uuid.uuid4(),
                email_address="a@b.gov.uk",
                invited_by_id=inviter.id,
                organisation_id=organisation,
                created_at=utc_now() - age,
                status="pending",
            )
        )

    assert await remove_old_invitations(runtime) == 2
    assert await count(connection, invited_users) == 1
    assert await count(connection, invited_organisation_users) == 1
