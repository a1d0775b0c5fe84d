"""Value sets of the data model: PostgreSQL enum types and the rows of the lookup tables.

PG enums (``template_type``, ``notification_type``, ...) are used where the original schema used them;
the other sets live in lookup tables whose ``name`` is the target of a foreign key (see ``lookups.py``).
The status groups at the end are the ones the API, billing and statistics code filter on.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Enum

SMS_TYPE: Final = "sms"
EMAIL_TYPE: Final = "email"
LETTER_TYPE: Final = "letter"
BROADCAST_TYPE: Final = "broadcast"

TEMPLATE_TYPES: Final = (SMS_TYPE, EMAIL_TYPE, LETTER_TYPE, BROADCAST_TYPE)
NOTIFICATION_TYPES: Final = (EMAIL_TYPE, SMS_TYPE, LETTER_TYPE)

PERMISSION_TYPES: Final = (
    "manage_users",
    "manage_templates",
    "manage_settings",
    "send_texts",
    "send_emails",
    "send_letters",
    "manage_api_keys",
    "platform_admin",
    "view_activity",
    "create_broadcasts",
    "approve_broadcasts",
    "cancel_broadcasts",
    "reject_broadcasts",
)
VERIFY_CODE_TYPES: Final = (EMAIL_TYPE, SMS_TYPE)
RECIPIENT_TYPES: Final = ("mobile", EMAIL_TYPE)
INVITE_STATUSES: Final = ("pending", "accepted", "cancelled")

# One Enum object per PG type, shared by every column that uses it.
template_type_enum: Final = Enum(*TEMPLATE_TYPES, name="template_type")
notification_type_enum: Final = Enum(*NOTIFICATION_TYPES, name="notification_type")
permission_type_enum: Final = Enum(*PERMISSION_TYPES, name="permission_types")
verify_code_type_enum: Final = Enum(*VERIFY_CODE_TYPES, name="verify_code_types")
recipient_type_enum: Final = Enum(*RECIPIENT_TYPES, name="recipient_type")
invited_user_status_enum: Final = Enum(*INVITE_STATUSES, name="invited_users_status_types")

PG_ENUMS: Final = (
    template_type_enum,
    notification_type_enum,
    permission_type_enum,
    verify_code_type_enum,
    recipient_type_enum,
    invited_user_status_enum,
)

# Lookup table rows.
NOTIFICATION_STATUSES: Final = (
    "cancelled",
    "created",
    "sending",
    "sent",
    "delivered",
    "pending",
    "failed",
    "technical-failure",
    "temporary-failure",
    "permanent-failure",
    "pending-virus-check",
    "validation-failed",
    "virus-scan-failed",
    "returned-letter",
)
KEY_TYPE_NORMAL: Final = "normal"
KEY_TYPE_TEAM: Final = "team"
KEY_TYPE_TEST: Final = "test"
KEY_TYPES: Final = (KEY_TYPE_NORMAL, KEY_TYPE_TEAM, KEY_TYPE_TEST)
JOB_STATUSES: Final = (
    "pending",
    "in progress",
    "finished",
    "sending limits exceeded",
    "scheduled",
    "cancelled",
    "ready to send",
    "sent to dvla",
    "error",
)
AUTH_TYPES: Final = ("sms_auth", "email_auth", "webauthn_auth")
SERVICE_PERMISSION_TYPES: Final = (
    EMAIL_TYPE,
    SMS_TYPE,
    LETTER_TYPE,
    BROADCAST_TYPE,
    "international_sms",
    "inbound_sms",
    "schedule_notifications",
    "email_auth",
    "letters_as_pdf",
    "upload_document",
    "edit_folder_permissions",
    "upload_letters",
    "international_letters",
)
TEMPLATE_PROCESS_TYPES: Final = ("normal", "priority")
BRANDING_TYPES: Final = ("org", "both", "org_banner")
CALLBACK_TYPES: Final = ("delivery_status", "complaint")
# (name, is_crown, annual_free_sms_fragment_limit)
ORGANISATION_TYPES: Final = (
    ("central", None, 250000),
    ("local", False, 25000),
    ("nhs_central", True, 250000),
    ("nhs_local", False, 25000),
    ("nhs_gp", False, 25000),
    ("emergency_service", False, 25000),
    ("school_or_college", False, 25000),
    ("other", None, 25000),
)

TEMPLATE_POSTAGE: Final = ("first", "second")
POSTAGE_TYPES: Final = ("first", "second", "europe", "rest-of-world")

# Status groups.
COMPLETED_STATUSES: Final = frozenset(
    {
        "sent",
        "delivered",
        "failed",
        "technical-failure",
        "temporary-failure",
        "permanent-failure",
        "returned-letter",
        "cancelled",
    }
)
BILLABLE_SMS_STATUSES: Final = frozenset(
    {"sending", "sent", "delivered", "pending", "temporary-failure", "permanent-failure"}
)
SENT_EMAIL_STATUSES: Final = frozenset({"sending", "delivered", "temporary-failure", "permanent-failure"})
BILLABLE_LETTER_STATUSES: Final = frozenset({"sending", "delivered", "returned-letter"})
