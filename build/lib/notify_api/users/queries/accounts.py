"""User account SQL. Returns typed values; never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, exists, func, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import permissions, user_to_organisation, user_to_service
from notify_api.db.tables.organisations import organisation
from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID
from notify_api.db.tables.services import services
from notify_api.db.tables.users import users
from notify_api.timeutils import utc_now
from notify_api.users.types import User, UserListItem

_active_service_ids = (
    select(func.array_agg(aggregate_order_by(services.c.id, services.c.name)))
    .select_from(user_to_service.join(services, services.c.id == user_to_service.c.service_id))
    .where(user_to_service.c.user_id == users.c.id, services.c.active.is_(True))
    .scalar_subquery()
)
_active_organisation_ids = (
    select(func.array_agg(aggregate_order_by(organisation.c.id, organisation.c.name)))
    .select_from(
        user_to_organisation.join(organisation, organisation.c.id == user_to_organisation.c.organisation_id)
    )
    .where(user_to_organisation.c.user_id == users.c.id, organisation.c.active.is_(True))
    .scalar_subquery()
)
_in_notify_service = exists().where(
    user_to_service.c.user_id == users.c.id, user_to_service.c.service_id == NOTIFY_SERVICE_ID
)

_USER: Select[Any] = select(
    users,
    _active_service_ids.label("active_service_ids"),
    _active_organisation_ids.label("active_organisation_ids"),
    _in_notify_service.label("in_notify_service"),
)


def _user(row: Row[Any], user_permissions: dict[uuid.UUID, tuple[str, ...]]) -> User:
    return User(
        id=row.id,
        name=row.name,
        email_address=row.email_address,
        mobile_number=row.mobile_number,
        auth_type=row.auth_type,
        state=row.state,
        platform_admin=row.platform_admin,
        failed_login_count=row.failed_login_count,
        current_session_id=row.current_session_id,
        logged_in_at=row.logged_in_at,
        password_changed_at=row.password_changed_at,
        email_access_validated_at=row.email_access_validated_at,
        password_hash=row._password,
        service_ids=tuple(row.active_service_ids or ()),
        organisation_ids=tuple(row.active_organisation_ids or ()),
        permissions=user_permissions,
        member_of_notify_service=row.in_notify_service,
    )


async def _permissions_by_user(
    connection: AsyncConnection, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[uuid.UUID, tuple[str, ...]]]:
    """Permission names per user and active service, in the enum's order."""
    if not user_ids:
        return {}
    query = (
        select(permissions.c.user_id, permissions.c.service_id, permissions.c.permission)
        .join(services, services.c.id == permissions.c.service_id)
        .where(permissions.c.user_id.in_(user_ids), services.c.active.is_(True))
        .order_by(permissions.c.user_id, permissions.c.service_id, permissions.c.permission)
    )
    grouped: dict[uuid.UUID, dict[uuid.UUID, list[str]]] = {}
    for row in await connection.execute(query):
        grouped.setdefault(row.user_id, {}).setdefault(row.service_id, []).append(row.permission)
    return {
        user_id: {service_id: tuple(names) for service_id, names in by_service.items()}
        for user_id, by_service in grouped.items()
    }


async def _users(connection: AsyncConnection, query: Select[Any]) -> list[User]:
    rows = (await connection.execute(query)).all()
    by_user = await _permissions_by_user(connection, [row.id for row in rows])
    return [_user(row, by_user.get(row.id, {})) for row in rows]


async def get_user(connection: AsyncConnection, user_id: uuid.UUID) -> User | None:
    found = await _users(connection, _USER.where(users.c.id == user_id))
    return found[0] if found else None


async def list_users(connection: AsyncConnection) -> list[User]:
    return await _users(connection, _USER.order_by(users.c.created_at, users.c.id))


async def get_user_by_email(connection: AsyncConnection, email_address: str) -> User | None:
    """Case-insensitive, as addresses are typed by people."""
    found = await _users(
        connection, _USER.where(func.lower(users.c.email_address) == email_address.strip().lower())
    )
    return found[0] if found else None


async def user_exists(connection: AsyncConnection, user_id: uuid.UUID) -> bool:
    query = select(users.c.id).where(users.c.id == user_id)
    return (await connection.execute(query)).first() is not None


async def email_address_in_use(
    connection: AsyncConnection, email_address: str, *, other_than: uuid.UUID | None = None
) -> bool:
    query = select(users.c.id).where(func.lower(users.c.email_address) == email_address.strip().lower())
    if other_than is not None:
        query = query.where(users.c.id != other_than)
    return (await connection.execute(query.limit(1))).first() is not None


def _escape_like(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def find_users_by_partial_email(connection: AsyncConnection, fragment: str) -> list[UserListItem]:
    query = (
        select(users.c.id, users.c.name, users.c.email_address, users.c.mobile_number)
        .where(users.c.email_address.ilike(f"%{_escape_like(fragment)}%", escape="\\"))
        .order_by(users.c.email_address)
    )
    rows = await connection.execute(query)
    return [UserListItem(row.id, row.name, row.email_address, row.mobile_number) for row in rows]


async def insert_user(connection: AsyncConnection, values: dict[str, Any]) -> uuid.UUID:
    user_id = uuid.uuid4()
    await connection.execute(users.insert().values(id=user_id, created_at=utc_now(), **values))
    return user_id


async def update_user(connection: AsyncConnection, user_id: uuid.UUID, values: dict[str, Any]) -> None:
    await connection.execute(
        update(users).where(users.c.id == user_id).values(updated_at=utc_now(), **values)
    )


async def increment_failed_login_count(connection: AsyncConnection, user_id: uuid.UUID) -> None:
    # In SQL so that concurrent attempts all count.
    await connection.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(failed_login_count=users.c.failed_login_count + 1, updated_at=utc_now())
    )
