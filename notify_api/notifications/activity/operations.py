"""The admin activity list (GET/POST /service/{id}/notifications) and one notification.

Filters arrive as query arguments (GET) or a JSON body (POST) with the same names; both come here as a
mapping of name to list of values. A ``to`` search replaces the list: newest first, one page, any age.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.enums import EMAIL, FAILED_STATUSES, NOTIFICATION_TYPES, SMS
from notify_api.errors import InvalidRequest
from notify_api.notifications.activity import queries, view
from notify_api.recipients.email import InvalidEmailError, validate_email_address
from notify_api.recipients.phone import InvalidPhoneError, validate_phone_number
from notify_api.timeutils import london_midnight_utc, london_today

PAGE_SIZE: Final = 50
# Pages, page sizes and days past this are not real requests, and would overflow dates or OFFSET.
MAX_ARGUMENT: Final = 36_500
Args = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class ActivityPage:
    notifications: list[dict[str, Any]]
    page: int
    page_size: int
    has_next: bool


def _one(args: Args, name: str) -> str | None:
    values = args.get(name) or []
    return values[0] if values else None


def _positive_int(args: Args, name: str, default: int | None) -> int | None:
    raw = _one(args, name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise InvalidRequest({name: ["Not a valid integer."]}, 400) from error
    if not 1 <= value <= MAX_ARGUMENT:
        raise InvalidRequest({name: [f"Must be between 1 and {MAX_ARGUMENT}."]}, 400)
    return value


def _bool(args: Args, name: str, default: bool) -> bool:
    raw = _one(args, name)
    if raw is None:
        return default
    lowered = str(raw).lower()
    if lowered in {"true", "1", "yes", "on"}:
        return True
    if lowered in {"false", "0", "no", "off"}:
        return False
    raise InvalidRequest({name: ["Not a valid boolean."]}, 400)


def _statuses(args: Args) -> list[str]:
    """``failed`` stands for every failure status, as in the original."""
    statuses: list[str] = []
    for status in args.get("status") or []:
        statuses.extend(FAILED_STATUSES if status == "failed" else [status])
    return statuses


def _template_types(args: Args) -> list[str]:
    types = list(args.get("template_type") or [])
    for kind in types:
        if kind not in NOTIFICATION_TYPES:
            raise InvalidRequest({"template_type": [f"{kind} is not one of [sms, email, letter]"]}, 400)
    return types


def _uuid(args: Args, name: str) -> uuid.UUID | None:
    raw = _one(args, name)
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError as error:
        raise InvalidRequest({name: ["Not a valid UUID."]}, 400) from error


def _personalisation(encryption: Encryption, row: queries.ActivityRow) -> dict[str, Any]:
    values = encryption.decrypt_json(row.encrypted_personalisation) if row.encrypted_personalisation else None
    return values if isinstance(values, dict) else {}


def render(
    encryption: Encryption, rows: Sequence[queries.ActivityRow], *, for_csv: bool
) -> list[dict[str, Any]]:
    if for_csv:
        return [view.csv_row_json(row) for row in rows]
    return [view.notification_json(row, _personalisation(encryption, row)) for row in rows]


async def list_activity(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, args: Args
) -> ActivityPage:
    page = _positive_int(args, "page", 1) or 1
    page_size = _positive_int(args, "page_size", PAGE_SIZE) or PAGE_SIZE
    limit_days = _positive_int(args, "limit_days", None)
    filters = queries.ActivityFilters(
        template_types=_template_types(args),
        statuses=_statuses(args),
        created_since=None
        if limit_days is None
        else london_midnight_utc(london_today() - timedelta(days=limit_days)),
        older_than=_uuid(args, "older_than"),
        include_jobs=_bool(args, "include_jobs", True),
        include_one_off=_bool(args, "include_one_off", True),
        include_from_test_key=_bool(args, "include_from_test_key", False),
    )
    # one row past the page says whether a next page exists, without counting every row
    rows = await queries.list_activity_rows(
        connection, service_id, filters, offset=(page - 1) * page_size, limit=page_size + 1
    )
    shown = rows[:page_size]
    return ActivityPage(
        render(encryption, shown, for_csv=_bool(args, "format_for_csv", False)),
        page,
        page_size,
        len(rows) > page_size,
    )


def normalise_search_term(term: str, notification_type: str | None) -> str:
    """The form recipients are stored in (``normalised_to``), so a search matches however it was typed."""
    if notification_type == SMS:
        try:
            return validate_phone_number(term, international=True)
        except InvalidPhoneError:
            return "".join(char for char in term if char not in " ()-+").lstrip("0").lower()
    if notification_type == EMAIL:
        try:
            return validate_email_address(term).lower()
        except InvalidEmailError:
            return term.lower()
    return "".join(term.split()).lower()


async def search_activity(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, args: Args
) -> ActivityPage:
    term = _one(args, "to") or ""
    types = _template_types(args)
    notification_type = types[0] if types else None
    rows = await queries.search_activity_rows(
        connection,
        service_id,
        normalised_term=normalise_search_term(term, notification_type),
        reference_term=term,
        template_type=notification_type,
        statuses=_statuses(args),
        limit=PAGE_SIZE + 1,
    )
    return ActivityPage(
        render(encryption, rows[:PAGE_SIZE], for_csv=False), 1, PAGE_SIZE, len(rows) > PAGE_SIZE
    )


async def get_activity_notification(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID, notification_id: uuid.UUID
) -> dict[str, Any]:
    row = await queries.get_activity_row(connection, service_id, notification_id)
    if row is None:
        raise InvalidRequest("Notification not found in database", 404)
    return view.notification_json(row, _personalisation(encryption, row))
