"""SQL for the platform admin's spreadsheets of services: live services with this year's totals, and each
service's statuses per month."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import annual_billing, ft_billing, ft_notification_status
from notify_api.db.tables.organisations import organisation
from notify_api.db.tables.services import services
from notify_api.db.tables.users import users
from notify_api.enums import EMAIL, KEY_TYPE_TEST, LETTER, SMS

_s, _o, _b, _a, _u, _f = (
    services.c,
    organisation.c,
    ft_billing.c,
    annual_billing.c,
    users.c,
    ft_notification_status.c,
)


def _sent(kind: str) -> Any:
    return func.coalesce(func.sum(case((_b.notification_type == kind, _b.notifications_sent), else_=0)), 0)


async def live_services_rows(
    connection: AsyncConnection, first_day: date, last_day: date
) -> list[dict[str, Any]]:
    """Live services, first to go live first, with messages sent this financial year and the newest free
    allowance."""
    newest_allowance = (
        select(_a.free_sms_fragment_limit)
        .where(_a.service_id == _s.id)
        .order_by(_a.financial_year_start.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(
            _s.id.label("service_id"), _o.name.label("organisation_name"),
            _o.organisation_type.label("organisation_type"), _s.name.label("service_name"),
            _s.consent_to_research, _u.name.label("contact_name"), _u.email_address.label("contact_email"),
            _u.mobile_number.label("contact_mobile"), _s.go_live_at.label("live_date"),
            _s.volume_sms.label("sms_volume_intent"), _s.volume_email.label("email_volume_intent"),
            _s.volume_letter.label("letter_volume_intent"), _sent(SMS).label("sms_totals"),
            _sent(EMAIL).label("email_totals"), _sent(LETTER).label("letter_totals"),
            newest_allowance.label("free_sms_fragment_limit"),
        )
        .select_from(
            services.outerjoin(organisation, _o.id == _s.organisation_id)
            .outerjoin(users, _u.id == _s.go_live_user_id)
            .outerjoin(ft_billing, and_(_b.service_id == _s.id, _b.bst_date.between(first_day, last_day)))
        )
        .where(_s.active.is_(True), _s.count_as_live.is_(True), _s.restricted.is_(False))
        .group_by(_s.id, _o.id, _u.id)
        .order_by(_s.go_live_at.asc().nulls_last(), _s.name)
    )  # fmt: skip
    # plain str keys: the column names come back as a str subclass the JSON encoder refuses
    return [
        {str(key): value for key, value in row._mapping.items()} for row in await connection.execute(query)
    ]


def _status_count(*statuses: str) -> Any:
    return func.coalesce(
        func.sum(case((_f.notification_status.in_(statuses), _f.notification_count), else_=0)), 0
    )


async def monthly_statuses_per_service(
    connection: AsyncConnection, start: date, end: date
) -> list[tuple[Any, ...]]:
    month = cast(func.date_trunc("month", _f.bst_date), Date).label("date_created")
    query = (
        select(
            month, _f.service_id, _s.name, _f.notification_type, _status_count("sending", "pending"),
            _status_count("delivered"), _status_count("technical-failure"),
            _status_count("temporary-failure"), _status_count("permanent-failure"), _status_count("sent"),
        )
        .select_from(ft_notification_status.join(services, _s.id == _f.service_id))
        .where(
            _f.bst_date.between(start, end), _f.key_type != KEY_TYPE_TEST,
            _f.notification_status != "created", _s.active.is_(True), _s.research_mode.is_(False),
            _s.restricted.is_(False),
        )
        .group_by(month, _f.service_id, _s.name, _f.notification_type)
        .order_by(month, _f.service_id, _f.notification_type)
    )  # fmt: skip
    return [tuple(row) for row in await connection.execute(query)]
