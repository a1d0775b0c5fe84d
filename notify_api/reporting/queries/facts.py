"""Set-based SQL that builds one London day of each fact table (spec §2.5).

Each day is built by one statement per table (the status counts delete their day first), whatever the number
of services: the database groups millions of rows far faster than a loop per service could. A day's
messages are read from ``notifications`` and ``notification_history`` together: retention moves a row from
one to the other in a single transaction, so every message is counted exactly once, in or past retention.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Final

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.types import Text

from notify_api.enums import BILLABLE_LETTER_STATUSES, BILLABLE_SMS_STATUSES, SENT_EMAIL_STATUSES

_DAY_COLUMNS: Final = (
    "template_id, service_id, job_id, notification_type, key_type, notification_status, sent_by, "
    "rate_multiplier, international, postage, billable_units"
)
# Both tables, one day, live and team keys only (test-key messages are never counted or billed).
_DAY_ROWS: Final = f"""
    SELECT {_DAY_COLUMNS} FROM notifications
     WHERE created_at >= :start AND created_at < :end AND key_type <> 'test'
       AND notification_type::text = ANY(:types)
    UNION ALL
    SELECT {_DAY_COLUMNS} FROM notification_history
     WHERE created_at >= :start AND created_at < :end AND key_type <> 'test'
       AND notification_type::text = ANY(:types)
"""

_DELETE_STATUS_DAY: Final = text(
    "DELETE FROM ft_notification_status WHERE bst_date = :day AND notification_type = ANY(:types)"
).bindparams(bindparam("types", type_=ARRAY(Text)))

_INSERT_STATUS_DAY: Final = text(f"""
    INSERT INTO ft_notification_status (bst_date, template_id, service_id, job_id, notification_type,
                                        key_type, notification_status, notification_count, created_at)
    SELECT :day, template_id, service_id, coalesce(job_id, '00000000-0000-0000-0000-000000000000'::uuid),
           notification_type::text, key_type, notification_status, count(*), now() AT TIME ZONE 'utc'
      FROM ({_DAY_ROWS}) AS day_rows
     GROUP BY template_id, service_id, job_id, notification_type, key_type, notification_status
""").bindparams(bindparam("types", type_=ARRAY(Text)))

# One service's rows of the day (today's usage, refreshed when the admin reads it).
_SERVICE_DAY_ROWS: Final = _DAY_ROWS.replace(
    "WHERE created_at", "WHERE service_id = :service_id AND created_at"
)
_ARRAYS: Final = ("types", "sms_statuses", "email_statuses", "letter_statuses")


# Billable rows grouped once by what decides the price, priced, then grouped again by the table's key (two
# letter sheet counts can share a price, and an upsert may touch a row only once per statement).
def _billing_upsert(day_rows: str) -> TextClause:
    return text(f"""
    WITH billable AS (
        SELECT template_id, service_id, notification_type::text AS notification_type,
               CASE notification_type WHEN 'email' THEN 'ses' WHEN 'letter' THEN 'dvla'
                    ELSE coalesce(sent_by, 'unknown') END AS provider,
               coalesce(rate_multiplier, 1)::integer AS rate_multiplier,
               coalesce(international, false) AS international,
               CASE WHEN notification_type = 'letter' THEN coalesce(postage, 'none') ELSE 'none' END
                   AS postage,
               CASE WHEN notification_type = 'letter' THEN billable_units ELSE 0 END AS sheets,
               CASE WHEN notification_type = 'email' THEN 0 ELSE billable_units END AS units
          FROM ({day_rows}) AS day_rows
         WHERE (notification_type = 'sms' AND notification_status = ANY(:sms_statuses))
            OR (notification_type = 'email' AND notification_status = ANY(:email_statuses))
            OR (notification_type = 'letter' AND notification_status = ANY(:letter_statuses))
    ), grouped AS (
        SELECT template_id, service_id, notification_type, provider, rate_multiplier, international, postage,
               sheets, sum(units) AS billable_units, count(*) AS notifications_sent
          FROM billable
         GROUP BY template_id, service_id, notification_type, provider, rate_multiplier, international,
                  postage, sheets
    ), sms_rate AS (
        SELECT rate FROM rates WHERE notification_type = 'sms' AND valid_from <= :start
         ORDER BY valid_from DESC LIMIT 1
    ), priced AS (
        -- a day with no rate configured is still counted, at 0, rather than lost
        SELECT g.*, coalesce(CASE g.notification_type
                       WHEN 'sms' THEN (SELECT rate FROM sms_rate)::numeric
                       WHEN 'letter' THEN (
                           SELECT lr.rate FROM letter_rates AS lr
                            WHERE lr.start_date <= :start AND (lr.end_date IS NULL OR lr.end_date > :start)
                              AND lr.sheet_count = g.sheets AND lr.post_class = g.postage
                              AND lr.crown = coalesce(
                                  (SELECT crown FROM services WHERE id = g.service_id), true)
                            ORDER BY lr.start_date DESC LIMIT 1)
                       END, 0) AS rate
          FROM grouped AS g
    )
    INSERT INTO ft_billing (bst_date, template_id, service_id, notification_type, provider, rate_multiplier,
                            international, rate, postage, billable_units, notifications_sent, created_at)
    SELECT :day, template_id, service_id, notification_type, provider, rate_multiplier, international, rate,
           postage, sum(billable_units), sum(notifications_sent), now() AT TIME ZONE 'utc'
      FROM priced
     GROUP BY template_id, service_id, notification_type, provider, rate_multiplier, international, rate,
              postage
    ON CONFLICT (bst_date, template_id, service_id, notification_type, provider, rate_multiplier,
                 international, rate, postage)
    DO UPDATE SET billable_units = excluded.billable_units, notifications_sent = excluded.notifications_sent,
                  updated_at = now() AT TIME ZONE 'utc'
""").bindparams(*(bindparam(name, type_=ARRAY(Text)) for name in _ARRAYS))


_UPSERT_BILLING_DAY: Final = _billing_upsert(_DAY_ROWS)
_UPSERT_SERVICE_BILLING_DAY: Final = _billing_upsert(_SERVICE_DAY_ROWS)

# Emails and texts sent through the API (not one-off or file sends), as the original measured them.
_UPSERT_PROCESSING_TIME_DAY: Final = text("""
    INSERT INTO ft_processing_time (bst_date, messages_total, messages_within_10_secs, created_at)
    SELECT :day, count(*), count(*) FILTER (WHERE sent_at - created_at <= interval '10 seconds'),
           now() AT TIME ZONE 'utc'
      FROM notifications
     WHERE created_at >= :start AND created_at < :end AND api_key_id IS NOT NULL AND key_type <> 'test'
       AND notification_type <> 'letter'
    ON CONFLICT (bst_date) DO UPDATE
       SET messages_total = excluded.messages_total,
           messages_within_10_secs = excluded.messages_within_10_secs,
           updated_at = now() AT TIME ZONE 'utc'
""")


async def rebuild_status_day(
    connection: AsyncConnection, *, day: date, start: datetime, end: datetime, types: list[str]
) -> int:
    """Replace ``ft_notification_status`` for ``day`` and ``types``; the number of rows written."""
    await connection.execute(_DELETE_STATUS_DAY, {"day": day, "types": types})
    result = await connection.execute(
        _INSERT_STATUS_DAY, {"day": day, "start": start, "end": end, "types": types}
    )
    return result.rowcount


async def upsert_billing_day(
    connection: AsyncConnection,
    *,
    day: date,
    start: datetime,
    end: datetime,
    types: list[str],
    service_id: uuid.UUID | None = None,
) -> int:
    """Insert or refresh ``ft_billing`` for ``day`` and ``types`` (of one service, or all); the number of
    rows written."""
    parameters = {"service_id": service_id} if service_id is not None else {}
    result = await connection.execute(
        _UPSERT_BILLING_DAY if service_id is None else _UPSERT_SERVICE_BILLING_DAY,
        {
            **parameters,
            "day": day,
            "start": start,
            "end": end,
            "types": types,
            "sms_statuses": sorted(BILLABLE_SMS_STATUSES),
            "email_statuses": sorted(SENT_EMAIL_STATUSES),
            "letter_statuses": sorted(BILLABLE_LETTER_STATUSES),
        },
    )
    return result.rowcount


async def upsert_processing_time_day(
    connection: AsyncConnection, *, day: date, start: datetime, end: datetime
) -> None:
    await connection.execute(_UPSERT_PROCESSING_TIME_DAY, {"day": day, "start": start, "end": end})
