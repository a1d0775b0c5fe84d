"""A service's free SMS allowance per financial year (``annual_billing``)."""

from __future__ import annotations

import uuid

from sqlalchemy import case, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import annual_billing
from notify_api.db.tables.services import services
from notify_api.timeutils import utc_now

_a = annual_billing.c


async def free_allowance_for_year(
    connection: AsyncConnection, service_id: uuid.UUID, year: int
) -> int | None:
    query = select(_a.free_sms_fragment_limit).where(
        _a.service_id == service_id, _a.financial_year_start == year
    )
    limit: int | None = (await connection.execute(query)).scalar()
    return limit


async def latest_year_with_allowance(
    connection: AsyncConnection, service_id: uuid.UUID
) -> tuple[int, int] | None:
    """(financial_year_start, free_sms_fragment_limit) of the newest year that has one."""
    query = (
        select(_a.financial_year_start, _a.free_sms_fragment_limit)
        .where(_a.service_id == service_id)
        .order_by(_a.financial_year_start.desc())
        .limit(1)
    )
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else (row[0], row[1])


async def organisation_type_of(connection: AsyncConnection, service_id: uuid.UUID) -> tuple[bool, str | None]:
    """(whether the service exists, its organisation type)."""
    row = (
        await connection.execute(select(services.c.organisation_type).where(services.c.id == service_id))
    ).one_or_none()
    return (False, None) if row is None else (True, row[0])


async def set_allowance(connection: AsyncConnection, service_id: uuid.UUID, year: int, limit: int) -> None:
    statement = pg_insert(annual_billing).values(
        id=uuid.uuid4(), service_id=service_id, financial_year_start=year, free_sms_fragment_limit=limit,
        created_at=utc_now(),
    )  # fmt: skip
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[_a.service_id, _a.financial_year_start],
            set_={"free_sms_fragment_limit": limit, "updated_at": utc_now()},
        )
    )


async def set_allowance_for_later_years(
    connection: AsyncConnection, service_id: uuid.UUID, year: int, limit: int
) -> None:
    await connection.execute(
        update(annual_billing)
        .where(_a.service_id == service_id, _a.financial_year_start > year)
        .values(free_sms_fragment_limit=limit, updated_at=utc_now())
    )


async def populate_default_allowances(
    connection: AsyncConnection, year: int, limits: dict[str | None, int], default: int, *, missing_only: bool
) -> int:
    """Give every active service its organisation type's default allowance for ``year``, in one statement;
    with ``missing_only`` a service that already has that year's allowance keeps it. Returns rows written."""
    by_type = case(
        *(
            (services.c.organisation_type == kind, limit)
            for kind, limit in limits.items()
            if kind is not None
        ),
        else_=default,
    )
    chosen = select(func.gen_random_uuid(), services.c.id, literal(year), by_type, literal(utc_now())).where(
        services.c.active.is_(True)
    )
    statement = pg_insert(annual_billing).from_select(
        ["id", "service_id", "financial_year_start", "free_sms_fragment_limit", "created_at"], chosen
    )
    conflict = [_a.service_id, _a.financial_year_start]
    if missing_only:
        statement = statement.on_conflict_do_nothing(index_elements=conflict)
    else:
        statement = statement.on_conflict_do_update(
            index_elements=conflict,
            set_={
                "free_sms_fragment_limit": statement.excluded.free_sms_fragment_limit,
                "updated_at": utc_now(),
            },
        )
    return (await connection.execute(statement)).rowcount
