"""``purge-functional-test-data``: remove functional-test users, their services and all that hangs off them.

Which tables hang off a service is worked out from the schema's foreign keys, so a table added later is
purged too (the original forgot inbound and callback APIs, data retention, the guest list, folders, inbound
SMS, complaints and returned letters, and then failed on their foreign keys). Inbound numbers are shared
stock: they are released, not deleted. One transaction per service.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from notify_api.db.database import Database, create_database
from notify_api.db.tables import metadata
from notify_api.db.tables.inbound import inbound_numbers
from notify_api.db.tables.memberships import user_to_service
from notify_api.db.tables.services import services
from notify_api.db.tables.users import users
from notify_api.settings import Settings

Echo = Callable[[str], None]
RELEASED_TABLES = frozenset({"inbound_numbers"})
SERVICE_HISTORY = "services_history"


@dataclass
class PurgeReport:
    services: int = 0
    users: int = 0
    skipped: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def _has_uuid_after_plus(email: str) -> bool:
    local_part = email.split("@", 1)[0]
    if "+" not in local_part:
        return False
    try:
        uuid.UUID(local_part.split("+", 1)[1])
    except ValueError:
        return False
    return True


def service_row_filters(service_id: uuid.UUID) -> list[tuple[Table, ColumnElement[bool]]]:
    """(table, WHERE clause) for every row that belongs to the service, children before parents."""
    filters: dict[str, ColumnElement[bool]] = {}
    ordered: list[tuple[Table, ColumnElement[bool]]] = []
    for table in metadata.sorted_tables:
        clause: ColumnElement[bool] | None = None
        if table.name == SERVICE_HISTORY:
            clause = table.c.id == service_id
        elif table is services:
            clause = services.c.id == service_id
        elif "service_id" in table.c:
            clause = table.c.service_id == service_id
        else:
            # A table without service_id whose rows hang off a service-scoped table (e.g. folder maps).
            for foreign_key in table.foreign_keys:
                parent = foreign_key.column.table
                if parent.name in filters and parent is not users:
                    parent_rows = select(foreign_key.column).where(filters[parent.name])
                    clause = foreign_key.parent.in_(parent_rows.scalar_subquery())
                    break
        if clause is not None:
            filters[table.name] = clause
            ordered.append((table, clause))
    return list(reversed(ordered))


def user_row_filters(user_id: uuid.UUID) -> list[tuple[Table, ColumnElement[bool]]]:
    """Rows that only exist for the user (codes, memberships, permissions, credentials)."""
    owned = []
    for table in metadata.sorted_tables:
        for column_name in ("user_id",):
            if column_name in table.c and any(
                fk.column.table is users for fk in table.c[column_name].foreign_keys
            ):
                owned.append((table, table.c[column_name] == user_id))
    return list(reversed(owned))


async def _count(connection: AsyncConnection, table: Table, clause: ColumnElement[bool]) -> int:
    return int((await connection.execute(select(func.count()).select_from(table).where(clause))).scalar_one())


async def _purge_service(
    connection: AsyncConnection, service_id: uuid.UUID, report: PurgeReport, *, dry_run: bool
) -> None:
    for table, clause in service_row_filters(service_id):
        count = await _count(connection, table, clause)
        if not count:
            continue
        report.rows[table.name] = report.rows.get(table.name, 0) + count
        if dry_run:
            continue
        if table.name in RELEASED_TABLES:
            await connection.execute(
                update(inbound_numbers).where(clause).values(service_id=None, active=True)
            )
        else:
            await connection.execute(delete(table).where(clause))
    report.services += 1


async def _purge_user(
    connection: AsyncConnection,
    user_id: uuid.UUID,
    email: str,
    report: PurgeReport,
    echo: Echo,
    *,
    dry_run: bool,
) -> None:
    other_services = (
        await connection.execute(select(func.count()).where(user_to_service.c.user_id == user_id))
    ).scalar_one()
    if other_services and not dry_run:
        # Safer than the original, which deleted members even when they belonged to other services.
        report.skipped.append(email)
        echo(f"Kept user {email}: still a member of {other_services} other service(s).")
        return
    if dry_run:
        report.users += 1
        return
    savepoint = await connection.begin_nested()
    try:
        for table, clause in user_row_filters(user_id):
            await connection.execute(delete(table).where(clause))
        await connection.execute(delete(users).where(users.c.id == user_id))
        await savepoint.commit()
        report.users += 1
    except IntegrityError:
        await savepoint.rollback()
        report.skipped.append(email)
        echo(f"Kept user {email}: other services still refer to them.")


async def _members(connection: AsyncConnection, service_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    query = select(users.c.id, users.c.email_address).join(
        user_to_service, user_to_service.c.user_id == users.c.id
    )
    return [
        (row.id, row.email_address)
        for row in await connection.execute(query.where(user_to_service.c.service_id == service_id))
    ]


async def purge_with(database: Database, prefix: str, *, dry_run: bool, echo: Echo) -> PurgeReport:
    report = PurgeReport()
    async with database.read() as connection:
        # autoescape: a "%" or "_" in the prefix is a literal character, not a wildcard matching everyone
        query = select(users.c.id, users.c.email_address).where(
            users.c.email_address.startswith(prefix, autoescape=True)
        )
        candidates = [(row.id, row.email_address) for row in await connection.execute(query)]
    for user_id, email in candidates:
        if not _has_uuid_after_plus(email):
            echo(f"Skipping {email} as the user email doesn't contain a UUID.")
            report.skipped.append(email)
            continue
        async with database.read() as connection:
            member_of = (
                (
                    await connection.execute(
                        select(user_to_service.c.service_id).where(user_to_service.c.user_id == user_id)
                    )
                )
                .scalars()
                .all()
            )
            created = (
                (await connection.execute(select(services.c.id).where(services.c.created_by_id == user_id)))
                .scalars()
                .all()
            )
        for service_id in dict.fromkeys([*member_of, *created]):
            async with database.transaction() as connection:
                members = await _members(connection, service_id)
                await _purge_service(connection, service_id, report, dry_run=dry_run)
                for member_id, member_email in members:
                    await _purge_user(connection, member_id, member_email, report, echo, dry_run=dry_run)
            verb = "Would delete" if dry_run else "Deleted"
            echo(f"{verb} service {service_id} and its {len(members)} member(s)")
        async with database.transaction() as connection:
            still_there = (await connection.execute(select(users.c.id).where(users.c.id == user_id))).first()
            if still_there is not None:
                await _purge_user(connection, user_id, email, report, echo, dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    echo(f"{verb} {report.services} service(s) and {report.users} user(s)")
    for table_name, count in sorted(report.rows.items()):
        echo(f"  {table_name}: {count}")
    return report


async def purge_functional_test_data(
    settings: Settings, prefix: str, *, dry_run: bool, echo: Echo
) -> PurgeReport:
    database = create_database(settings, pool_size=2)
    try:
        return await purge_with(database, prefix, dry_run=dry_run, echo=echo)
    finally:
        await database.dispose()


__all__: list[Any] = ["PurgeReport", "purge_functional_test_data", "purge_with"]
