"""Every value set of the data model, defined once: types, statuses and the status groups code filters on.

This module imports nothing of ours, so the tables (``db/tables/enums.py`` builds the PG enum types from it),
the domain packages, validation and the workers all import from here. The migrations keep their own frozen
copy of these values; ``tests/db/test_enums_match_migrations.py`` fails when the two disagree, so a value
added here needs a migration too.
"""

from __future__ import annotations

from typing import Final

# Template and notification types.
SMS: Final = "sms"
EMAIL: Final = "email"
LETTER: Final = "letter"
BROADCAST: Final = "broadcast"
TEMPLATE_TYPES: Final = (SMS, EMAIL, LETTER, BROADCAST)
NOTIFICATION_TYPES: Final = (EMAIL, SMS, LETTER)  # the PG enum's order

# Notification statuses (the notification_status_types lookup table), in the order the API lists them.
CANCELLED: Final = "cancelled"
CREATED: Final = "created"
SENDING: Final = "sending"
SENT: Final = "sent"
DELIVERED: Final = "delivered"
PENDING: Final = "pending"
FAILED: Final = "failed"
TECHNICAL_FAILURE: Final = "technical-failure"
TEMPORARY_FAILURE: Final = "temporary-failure"
PERMANENT_FAILURE: Final = "permanent-failure"
PENDING_VIRUS_CHECK: Final = "pending-virus-check"
VALIDATION_FAILED: Final = "validation-failed"
VIRUS_SCAN_FAILED: Final = "virus-scan-failed"
RETURNED_LETTER: Final = "returned-letter"
NOTIFICATION_STATUSES: Final = (
    CANCELLED, CREATED, SENDING, SENT, DELIVERED, PENDING, FAILED, TECHNICAL_FAILURE, TEMPORARY_FAILURE,
    PERMANENT_FAILURE, PENDING_VIRUS_CHECK, VALIDATION_FAILED, VIRUS_SCAN_FAILED, RETURNED_LETTER,
)  # fmt: skip

# Status groups.
# Completed: the API reports a completed_at for these.
COMPLETED_STATUSES: Final = frozenset(
    {
        SENT,
        DELIVERED,
        FAILED,
        TECHNICAL_FAILURE,
        TEMPORARY_FAILURE,
        PERMANENT_FAILURE,
        RETURNED_LETTER,
        CANCELLED,
    }
)
# What the "failed" filter of GET /v2/notifications expands to.
FAILED_STATUSES: Final = (
    TECHNICAL_FAILURE, TEMPORARY_FAILURE, PERMANENT_FAILURE,
    VALIDATION_FAILED, VIRUS_SCAN_FAILED, RETURNED_LETTER,
)  # fmt: skip
# What the dashboard statistics count as delivered and as failed (a returned letter is neither).
DASHBOARD_DELIVERED_STATUSES: Final = frozenset({DELIVERED, SENT})
DASHBOARD_FAILED_STATUSES: Final = frozenset(
    {FAILED, TECHNICAL_FAILURE, TEMPORARY_FAILURE, PERMANENT_FAILURE, VALIDATION_FAILED, VIRUS_SCAN_FAILED}
)
# Billing: the statuses a message is charged in.
BILLABLE_SMS_STATUSES: Final = frozenset(
    {SENDING, SENT, DELIVERED, PENDING, TEMPORARY_FAILURE, PERMANENT_FAILURE}
)
SENT_EMAIL_STATUSES: Final = frozenset({SENDING, DELIVERED, TEMPORARY_FAILURE, PERMANENT_FAILURE})
BILLABLE_LETTER_STATUSES: Final = frozenset({SENDING, DELIVERED, RETURNED_LETTER})

# API key types (the key_types lookup table).
KEY_TYPE_NORMAL: Final = "normal"
KEY_TYPE_TEAM: Final = "team"
KEY_TYPE_TEST: Final = "test"
KEY_TYPES: Final = (KEY_TYPE_NORMAL, KEY_TYPE_TEAM, KEY_TYPE_TEST)

# Service callback types (the service_callback_type lookup table).
DELIVERY_STATUS_CALLBACK: Final = "delivery_status"
COMPLAINT_CALLBACK: Final = "complaint"
CALLBACK_TYPES: Final = (DELIVERY_STATUS_CALLBACK, COMPLAINT_CALLBACK)

# Invitation statuses (both the invited_users_status_types enum and the invite_status_type lookup table).
INVITE_STATUSES: Final = ("pending", "accepted", "cancelled")

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
VERIFY_CODE_TYPES: Final = (EMAIL, SMS)
RECIPIENT_TYPES: Final = ("mobile", EMAIL)
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
    EMAIL,
    SMS,
    LETTER,
    BROADCAST,
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
