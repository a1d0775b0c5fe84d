"""Organisation SQL: organisations with their domains, linked services, and team members."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ARRAY, Row, Select, String, cast, delete, func, insert, literal, select, true, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import annual_billing
from notify_api.db.tables.branding import service_email_branding, service_letter_branding
from notify_api.db.tables.lookups import organisation_types
from notify_api.db.tables.memberships import user_to_organisation, user_to_service
from notify_api.db.tables.organisations import domain, organisation
from notify_api.db.tables.services import services, services_history
from notify_api.db.tables.users import users
from notify_api.organisations.types import (
    AgreementSigner,
    Organisation,
    OrganisationMember,
    OrganisationService,
)
from notify_api.timeutils import utc_now

_domains = (
    select(func.coalesce(func.array_agg(domain.c.domain), cast([], ARRAY(String))))
    .where(domain.c.organisation_id == organisation.c.id)
    .scalar_subquery()
)
_live_services = (
    select(func.count())
    .where(
        services.c.organisation_id == organisation.c.id,
        services.c.active.is_(True),
        services.c.count_as_live.is_(True),
        services.c.restricted.is_(False),
    )
    .scalar_subquery()
)
_ORGANISATIONS: Select[Any] = select(
    *organisation.c, _domains.label("domains"), _live_services.label("count_of_live_services")
)
_FIELDS = tuple(Organisation.__dataclass_fields__)
# Columns an update request may set (the domains list is handled on its own).
UPDATABLE_COLUMNS = frozenset(
    column.name for column in organisation.columns if column.name not in ("id", "created_at", "updated_at")
)


def column_python_type(name: str) -> type | None:
    column = organisation.columns.get(name)
    if column is None:
        return None
    try:
        python_type: type = column.type.python_type
    except NotImplementedError:
        return None
    return python_type


def _organisation(row: Row[Any]) -> Organisation:
    values = {name: row._mapping[name] for name in _FIELDS if name != "domains"}
    return Organisation(**values, domains=tuple(sorted(row.domains or ())))


async def list_organisations(connection: AsyncConnection) -> list[Organisation]:
    query = _ORGANISATIONS.order_by(organisation.c.active.desc(), organisation.c.name)
    return [_organisation(row) for row in await connection.execute(query)]


async def get_organisation(connection: AsyncConnection, organisation_id: uuid.UUID) -> Organisation | None:
    row = (await connection.execute(_ORGANISATIONS.where(organisation.c.id == organisation_id))).one_or_none()
    return _organisation(row) if row else None


async def organisation_for_email(connection: AsyncConnection, email_address: str) -> Organisation | None:
    """The organisation whose domain (the longest that matches) the address is at, or a subdomain of."""
    address = email_address.lower().replace(".gsi.gov.uk", ".gov.uk")
    matches = (
        select(domain.c.organisation_id)
        .where(
            (literal(address).endswith("@" + domain.c.domain))
            | (literal(address).endswith("." + domain.c.domain))
        )
        .order_by(func.char_length(domain.c.domain).desc())
        .limit(1)
        .scalar_subquery()
    )
    row = (await connection.execute(_ORGANISATIONS.where(organisation.c.id == matches))).one_or_none()
    return _organisation(row) if row else None


async def name_taken(connection: AsyncConnection, name: str, *, other_than: uuid.UUID | None = None) -> bool:
    query = select(organisation.c.id).where(organisation.c.name == name)
    if other_than is not None:
        query = query.where(organisation.c.id != other_than)
    return (await connection.execute(query)).first() is not None


async def name_taken_ignoring_case(connection: AsyncConnection, name: str) -> uuid.UUID | None:
    query = select(organisation.c.id).where(func.lower(organisation.c.name) == name.lower()).limit(1)
    found: uuid.UUID | None = (await connection.execute(query)).scalar()
    return found


async def domains_taken(
    connection: AsyncConnection, domains: Iterable[str], *, other_than: uuid.UUID | None = None
) -> bool:
    query = select(domain.c.domain).where(domain.c.domain.in_(list(domains)))
    if other_than is not None:
        query = query.where(domain.c.organisation_id != other_than)
    return (await connection.execute(query)).first() is not None


async def insert_organisation(connection: AsyncConnection, values: dict[str, Any]) -> uuid.UUID:
    organisation_id = uuid.uuid4()
    await connection.execute(insert(organisation).values(id=organisation_id, **values))
    return organisation_id


async def update_organisation(
    connection: AsyncConnection, organisation_id: uuid.UUID, values: dict[str, Any]
) -> bool:
    result = await connection.execute(
        update(organisation)
        .where(organisation.c.id == organisation_id)
        .values(**values)
        .returning(organisation.c.id)
    )
    return result.first() is not None


async def replace_domains(
    connection: AsyncConnection, organisation_id: uuid.UUID, domains: list[str]
) -> None:
    await connection.execute(delete(domain).where(domain.c.organisation_id == organisation_id))
    rows = [{"domain": name, "organisation_id": organisation_id} for name in dict.fromkeys(domains)]
    if rows:
        await connection.execute(insert(domain), rows)


async def organisation_services(
    connection: AsyncConnection, organisation_id: uuid.UUID
) -> list[OrganisationService]:
    """Live services first, then by name."""
    query = (
        select(
            services.c.id, services.c.name, services.c.active, services.c.restricted, services.c.research_mode
        )
        .where(services.c.organisation_id == organisation_id)
        .order_by(services.c.active.desc(), services.c.name)
    )
    return [OrganisationService(*row) for row in await connection.execute(query)]


async def service_ids_of(connection: AsyncConnection, organisation_id: uuid.UUID) -> list[uuid.UUID]:
    query = select(services.c.id).where(services.c.organisation_id == organisation_id)
    return list((await connection.execute(query)).scalars())


async def add_member(connection: AsyncConnection, organisation_id: uuid.UUID, user_id: uuid.UUID) -> None:
    exists = select(user_to_organisation.c.user_id).where(
        user_to_organisation.c.user_id == user_id, user_to_organisation.c.organisation_id == organisation_id
    )
    if (await connection.execute(exists)).first() is None:
        await connection.execute(
            insert(user_to_organisation).values(user_id=user_id, organisation_id=organisation_id)
        )


async def remove_member(connection: AsyncConnection, organisation_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    result = await connection.execute(
        delete(user_to_organisation)
        .where(
            user_to_organisation.c.user_id == user_id,
            user_to_organisation.c.organisation_id == organisation_id,
        )
        .returning(user_to_organisation.c.user_id)
    )
    return result.first() is not None


def _ids(table: Any, key: str, join: Any = None, where: Any = None) -> Any:
    """The ids a user is linked to, as an array (aliased so it never correlates with an outer join)."""
    linked = table.alias()
    query = select(func.coalesce(func.array_agg(linked.c[key]), cast([], ARRAY(UUID)))).where(
        linked.c.user_id == users.c.id
    )
    if join is not None:
        query = query.join(join, join.c.id == linked.c[key])
    return query.where(where if where is not None else true()).scalar_subquery()


_MEMBERS: Select[Any] = select(
    users.c.id,
    users.c.name,
    users.c.email_address,
    users.c.mobile_number,
    users.c.auth_type,
    users.c.state,
    users.c.platform_admin,
    users.c.logged_in_at,
    users.c.failed_login_count,
    _ids(user_to_organisation, "organisation_id").label("organisations"),
    _ids(
        user_to_service,
        "service_id",
        join=services,
        where=services.c.active.is_(True),
    ).label("services"),
)


def _member(row: Row[Any]) -> OrganisationMember:
    mapping = dict(row._mapping)
    mapping["organisations"] = tuple(mapping["organisations"] or ())
    mapping["services"] = tuple(mapping["services"] or ())
    return OrganisationMember(**mapping)


async def get_member(connection: AsyncConnection, user_id: uuid.UUID) -> OrganisationMember | None:
    row = (await connection.execute(_MEMBERS.where(users.c.id == user_id))).one_or_none()
    return _member(row) if row else None


async def list_members(connection: AsyncConnection, organisation_id: uuid.UUID) -> list[OrganisationMember]:
    query = (
        _MEMBERS.join(user_to_organisation, user_to_organisation.c.user_id == users.c.id)
        .where(user_to_organisation.c.organisation_id == organisation_id, users.c.state != "inactive")
        .order_by(users.c.name)
    )
    return [_member(row) for row in await connection.execute(query)]


async def agreement_signer(connection: AsyncConnection, user_id: uuid.UUID | None) -> AgreementSigner | None:
    query = select(users.c.name, users.c.email_address, users.c.platform_admin).where(users.c.id == user_id)
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else AgreementSigner(row.name, row.email_address, row.platform_admin)


async def service_exists(connection: AsyncConnection, service_id: uuid.UUID) -> bool:
    query = select(services.c.id).where(services.c.id == service_id)
    return (await connection.execute(query)).first() is not None


async def update_services(
    connection: AsyncConnection, service_ids: Iterable[uuid.UUID], values: dict[str, Any]
) -> None:
    """Set ``values`` on each service as a new version (services are versioned, as any other edit)."""
    ids = list(service_ids)
    if not ids:
        return
    await connection.execute(
        update(services)
        .where(services.c.id.in_(ids))
        .values(**values, version=services.c.version + 1, updated_at=utc_now())
    )
    names = [column.name for column in services_history.columns]
    source = select(*[services.c[name] for name in names]).where(services.c.id.in_(ids))
    await connection.execute(insert(services_history).from_select(names, source))


async def give_default_branding(
    connection: AsyncConnection,
    service_ids: Iterable[uuid.UUID],
    *,
    email_branding_id: uuid.UUID | None = None,
    letter_branding_id: uuid.UUID | None = None,
) -> None:
    """Services that have no branding of a kind take the organisation's."""
    for table, column, branding_id in (
        (service_email_branding, "email_branding_id", email_branding_id),
        (service_letter_branding, "letter_branding_id", letter_branding_id),
    ):
        if branding_id is None:
            continue
        rows = [{"service_id": service_id, column: branding_id} for service_id in service_ids]
        if rows:
            await connection.execute(pg_insert(table).values(rows).on_conflict_do_nothing())


async def free_sms_fragment_limit_of_type(connection: AsyncConnection, organisation_type: str) -> int | None:
    query = select(organisation_types.c.annual_free_sms_fragment_limit).where(
        organisation_types.c.name == organisation_type
    )
    limit: int | None = (await connection.execute(query)).scalar()
    return limit


async def set_free_allowance(
    connection: AsyncConnection, service_id: uuid.UUID, financial_year_start: int, limit: int
) -> None:
    """Insert or overwrite the service's free SMS allowance for that financial year."""
    statement = pg_insert(annual_billing).values(
        id=uuid.uuid4(),
        service_id=service_id,
        financial_year_start=financial_year_start,
        free_sms_fragment_limit=limit,
        created_at=utc_now(),
    )
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[annual_billing.c.service_id, annual_billing.c.financial_year_start],
            set_={"free_sms_fragment_limit": limit, "updated_at": utc_now()},
        )
    )
