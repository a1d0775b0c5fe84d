"""The JSON the admin frontend reads for a notification, and the row of its CSV report (the original's
``NotificationWithTemplateSchema`` and ``serialize_for_csv``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from notify_api.db.tables.templates import PRECOMPILED_TEMPLATE_NAME
from notify_api.enums import EMAIL, LETTER, SMS
from notify_api.notifications.activity.queries import ActivityRow
from notify_api.timeutils import format_datetime

_FAILED = "Failed"
_TECHNICAL_FAILURE = "Technical failure"
# What the CSV report calls each status, per type; anything else is shown as stored.
CSV_STATUS_NAMES: Final[Mapping[str, Mapping[str, str]]] = {
    EMAIL: {
        "failed": _FAILED,
        "technical-failure": _TECHNICAL_FAILURE,
        "temporary-failure": "Inbox not accepting messages right now",
        "permanent-failure": "Email address doesn’t exist",
        "delivered": "Delivered",
        "sending": "Sending",
        "created": "Sending",
        "sent": "Delivered",
    },
    SMS: {
        "failed": _FAILED,
        "technical-failure": _TECHNICAL_FAILURE,
        "temporary-failure": "Phone not accepting messages right now",
        "permanent-failure": "Phone number doesn’t exist",
        "delivered": "Delivered",
        "sending": "Sending",
        "created": "Sending",
        "sent": "Sent internationally",
    },
    LETTER: {
        "technical-failure": _TECHNICAL_FAILURE,
        "sending": "Accepted",
        "created": "Accepted",
        "delivered": "Received",
        "returned-letter": "Returned",
    },
}


def is_precompiled_letter(row: ActivityRow) -> bool:
    return (
        row.template_hidden and row.template_type == LETTER and row.template_name == PRECOMPILED_TEMPLATE_NAME
    )


def notification_json(row: ActivityRow, personalisation: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "to": row.to,
        "normalised_to": row.normalised_to,
        "job_row_number": row.job_row_number,
        "service": str(row.service_id),
        "template": {
            "id": str(row.template_id),
            "version": row.template_version,
            "name": row.template_name,
            "template_type": row.template_type,
            "content": row.template_content,
            "subject": row.template_subject,
            "redact_personalisation": row.redact_personalisation,
            "is_precompiled_letter": is_precompiled_letter(row),
        },
        "template_version": row.template_version,
        "api_key": None if row.api_key_id is None else str(row.api_key_id),
        "key_type": row.key_type,
        "key_name": row.key_name,
        "billable_units": row.billable_units,
        "notification_type": row.notification_type,
        "created_at": format_datetime(row.created_at),
        "sent_at": format_datetime(row.sent_at),
        "sent_by": row.sent_by,
        "updated_at": format_datetime(row.updated_at),
        "status": row.status,
        "reference": row.reference,
        "client_reference": row.client_reference,
        "international": row.international,
        "phone_prefix": row.phone_prefix,
        "rate_multiplier": row.rate_multiplier,
        "created_by": None
        if row.created_by_id is None
        else {
            "id": str(row.created_by_id),
            "name": row.created_by_name,
            "email_address": row.created_by_email,
        },
        "reply_to_text": row.reply_to_text,
        "document_download_count": row.document_download_count,
        "postage": row.postage,
        "job": None
        if row.job_id is None
        else {"id": str(row.job_id), "original_file_name": row.job_file_name},
        "personalisation": dict(personalisation),
    }


def csv_row_json(row: ActivityRow) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "row_number": "" if row.job_row_number is None else row.job_row_number + 1,
        "recipient": row.to,
        "client_reference": row.client_reference or "",
        "template_name": row.template_name,
        "template_type": row.template_type,
        "job_name": row.job_file_name or "",
        "status": CSV_STATUS_NAMES.get(row.template_type, {}).get(row.status, row.status),
        "created_at": row.created_at.strftime("%Y-%m-%d %H:%M:%S"),
        "created_by_name": row.created_by_name,
        "created_by_email_address": row.created_by_email,
    }
