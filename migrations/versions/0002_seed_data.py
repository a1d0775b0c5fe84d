"""Seed data: delivery providers, the Notify service with its user, senders and internal templates.

Revision ID: 0002_seed_data
Revises: 0001_initial
Create Date: 2026-11-26
"""

import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import bcrypt
import sqlalchemy as sa
from alembic import op

revision: str = "0002_seed_data"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of notify_api.db.tables.seed_ids: a migration must not change when app code does.
NOTIFY_SERVICE_ID = uuid.UUID("d6aa2c68-a2d9-4437-ab19-3ae8eb202553")
NOTIFY_USER_ID = uuid.UUID("6af522d0-2915-4e52-83a3-3690455a5fe6")
NHS_EMAIL_BRANDING_ID = uuid.UUID("a7dc4e56-660b-4db7-8cff-12c37b12b5ea")
NHS_LETTER_BRANDING_ID = uuid.UUID("2cd354bb-6b85-eda3-c0ad-6b613150459f")

# (id, identifier, display name, notification type, priority, supports international)
PROVIDERS = (
    (uuid.UUID("58df6329-1d55-4973-89b7-3bb9fe17b86e"), "mmg", "MMG", "sms", 50, True),
    (uuid.UUID("99fb5d6a-9554-4dc3-aa84-a465ea12ebd4"), "firetext", "Firetext", "sms", 50, False),
    (uuid.UUID("300946b6-4752-424a-9b61-fc162ac931ff"), "ses", "AWS SES", "email", 10, False),
)

SIGN_IN_HELP = "If you did not ask for this, you can ignore this message."

# (id, name, type, subject, content). Placeholders are the personalisation keys the API sends.
TEMPLATES: tuple[tuple[str, str, str, str | None, str], ...] = (
    (
        "36fb0730-6259-4da1-8a80-c8de22ad4246",
        "Notify SMS verify code",
        "sms",
        None,
        "((verify_code)) is your GOV.UK Notify authentication code",
    ),
    (
        "299726d2-dba6-42b8-8209-30e1d66ea164",
        "Notify email verify code",
        "email",
        "Sign in to GOV.UK Notify",
        f"Hi ((name)),\n\nUse this link to sign in to GOV.UK Notify:\n\n((url))\n\n"
        f"The link works once and expires after an hour.\n\n{SIGN_IN_HELP}",
    ),
    (
        "4f46df42-f795-4cc4-83bb-65ca312f49cc",
        "Notify invitation email",
        "email",
        "((user_name)) has invited you to join ((service_name)) on GOV.UK Notify",
        "((user_name)) has invited you to join the ((service_name)) team on GOV.UK Notify.\n\n"
        "GOV.UK Notify lets public services send emails, text messages and letters.\n\n"
        "Use this link to create your account:\n\n((url))\n\n"
        "The invitation expires at midnight tomorrow, to keep ((service_name)) secure.",
    ),
    (
        "46152f7c-6901-41d5-8590-a5624d0d4359",
        "Notify broadcast invitation email",
        "email",
        "((user_name)) has invited you to join ((service_name))",
        "((user_name)) has invited you to join the ((service_name)) team.\n\n"
        "Use this link to create your account:\n\n((url))\n\n"
        "The invitation expires at midnight tomorrow.",
    ),
    (
        "203566f0-d835-47c5-aa06-932439c86573",
        "Notify organisation invitation email",
        "email",
        "((user_name)) has invited you to join ((organisation_name)) on GOV.UK Notify",
        "((user_name)) has invited you to join ((organisation_name)) on GOV.UK Notify.\n\n"
        "As a team member of the organisation you can see its services and usage.\n\n"
        "Use this link to accept the invitation:\n\n((url))\n\n"
        "The invitation expires at midnight tomorrow.",
    ),
    (
        "474e9242-823b-4f99-813d-ed392e7f1201",
        "Notify password reset email",
        "email",
        "Reset your GOV.UK Notify password",
        "Hi ((user_name)),\n\nSomeone asked to reset the password of your GOV.UK Notify account.\n\n"
        "Use this link to choose a new password:\n\n((url))\n\n"
        "If you did not ask for this, you can ignore this email: your password has not changed.",
    ),
    (
        "ece42649-22a8-4d06-b87f-d52d5d3f0a27",
        "Notify email verification code",
        "email",
        "Confirm your GOV.UK Notify registration",
        "Hi ((name)),\n\nUse this link to confirm your email address and finish creating your "
        "GOV.UK Notify account:\n\n((url))",
    ),
    (
        "0880fbb1-a0c6-46f0-9a8e-36c986381ceb",
        "Notify account already registered",
        "email",
        "Your GOV.UK Notify account",
        "There is already a GOV.UK Notify account for this email address.\n\n"
        "Sign in: ((signin_url))\n\nForgotten your password? Reset it: ((forgot_password_url))\n\n"
        "If you did not try to register recently, please tell us: ((feedback_url))",
    ),
    (
        "eb4d9930-87ab-4aef-9bce-786762687884",
        "Notify confirm email address change",
        "email",
        "Confirm your new email address",
        "Hi ((name)),\n\nUse this link to confirm the new email address of your GOV.UK Notify account:\n\n"
        "((url))\n\nIf you did not ask to change your email address, please tell us: ((feedback_url))",
    ),
    (
        "c73f1d71-4049-46d5-a647-d013bdeca3f0",
        "Notify team member email address changed",
        "email",
        "Your GOV.UK Notify email address has changed",
        "Hi ((name)),\n\n((servicemanagername)) changed the email address of your GOV.UK Notify account "
        "to:\n\n"
        "((email address))\n\nUse this address the next time you sign in.\n\n"
        "If you think this is a mistake, contact GOV.UK Notify support.",
    ),
    (
        "8a31520f-4751-4789-8ea1-fe54496725eb",
        "Notify team member mobile number changed",
        "sms",
        None,
        "((servicemanagername)) changed your mobile number on GOV.UK Notify. "
        "Your sign-in codes will now be sent to this phone.",
    ),
    (
        "618185c6-3636-49cd-b7d2-6f6f5eb3bdde",
        "Notify service now live",
        "email",
        "((service_name)) is now live on GOV.UK Notify",
        "Hi ((name)),\n\n((service_name)) is now live on GOV.UK Notify.\n\n"
        "You can now send messages to anyone, up to ((message_limit)) a day.\n\n"
        "Keep your contact details and team members up to date in your service settings.",
    ),
    (
        "a42f1d17-9404-46d5-a647-d013bdfca3e1",
        "Notify reply-to email address verification",
        "email",
        "Your GOV.UK Notify reply-to email address",
        "Hi,\n\nThis address was given as a reply-to email address for a service on GOV.UK Notify. "
        "Replies to that service's emails will come to this address.\n\n"
        "This message only checks that the address works. You do not need to reply.",
    ),
    (
        "4fd2e43c-309b-4e50-8fb8-1955852d9d71",
        "Notify MOU signed receipt (signer)",
        "email",
        "You accepted the GOV.UK Notify data sharing and financial agreement",
        "Hi ((signed_by_name)),\n\n((org_name)) has accepted the GOV.UK Notify data sharing and "
        "financial agreement.\n\nDownload a copy: ((mou_link))\n\n"
        "See your organisation's services: ((org_dashboard_link))",
    ),
    (
        "c20206d5-bf03-4002-9a90-37d5032d9e84",
        "Notify MOU signed on behalf of someone else (signer)",
        "email",
        "You accepted the GOV.UK Notify data sharing and financial agreement",
        "Hi ((signed_by_name)),\n\nYou accepted the GOV.UK Notify data sharing and financial agreement "
        "for ((org_name)) on behalf of ((on_behalf_of_name)).\n\nDownload a copy: ((mou_link))\n\n"
        "See your organisation's services: ((org_dashboard_link))",
    ),
    (
        "522b6657-5ca5-4368-a294-6b527703bd0b",
        "Notify MOU signed on behalf of someone else (named person)",
        "email",
        "((org_name)) accepted the GOV.UK Notify data sharing and financial agreement",
        "Hi ((on_behalf_of_name)),\n\n((signed_by_name)) accepted the GOV.UK Notify data sharing and "
        "financial agreement on your behalf, for ((org_name)).\n\nDownload a copy: ((mou_link))\n\n"
        "See your organisation's services: ((org_dashboard_link))",
    ),
    (
        "11fad854-fd38-4a7c-bd17-805fb13dfc12",
        "Notify letter volumes for DVLA",
        "email",
        "Notify letter volumes ((date)): ((total_volume)) letters, ((total_sheets)) sheets",
        "Letters sent for printing on ((date)):\n\n"
        "First class: ((first_class_volume)) letters, ((first_class_sheets)) sheets\n"
        "Second class: ((second_class_volume)) letters, ((second_class_sheets)) sheets\n"
        "International: ((international_volume)) letters, ((international_sheets)) sheets\n\n"
        "Total: ((total_volume)) letters, ((total_sheets)) sheets",
    ),
)


def _table(name: str, *columns: str) -> Any:
    return sa.table(name, *(sa.column(column) for column in columns))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


SERVICE_COLUMNS = (
    "id",
    "name",
    "created_at",
    "active",
    "message_limit",
    "restricted",
    "research_mode",
    "email_from",
    "created_by_id",
    "prefix_sms",
    "rate_limit",
    "count_as_live",
    "version",
)
TEMPLATE_COLUMNS = (
    "id",
    "name",
    "template_type",
    "created_at",
    "content",
    "archived",
    "hidden",
    "subject",
    "service_id",
    "created_by_id",
    "process_type",
    "version",
)
PROVIDER_COLUMNS = (
    "id",
    "display_name",
    "identifier",
    "priority",
    "notification_type",
    "active",
    "version",
    "supports_international",
)


def upgrade() -> None:
    now = _now()
    # Nobody signs in as this user: its password is the hash of a random value that is thrown away.
    unusable_password = bcrypt.hashpw(secrets.token_bytes(32), bcrypt.gensalt(rounds=10)).decode("ascii")
    op.bulk_insert(
        _table(
            "users",
            "id",
            "name",
            "email_address",
            "created_at",
            "_password",
            "password_changed_at",
            "failed_login_count",
            "state",
            "platform_admin",
            "auth_type",
            "email_access_validated_at",
        ),
        [
            {
                "id": NOTIFY_USER_ID,
                "name": "Notify service user",
                "email_address": "notify-service-user@digital.cabinet-office.gov.uk",
                "created_at": now,
                "_password": unusable_password,
                "password_changed_at": now,
                "failed_login_count": 0,
                "state": "active",
                "platform_admin": False,
                "auth_type": "email_auth",
                "email_access_validated_at": now,
            }
        ],
    )

    service = {
        "id": NOTIFY_SERVICE_ID,
        "name": "GOV.UK Notify",
        "created_at": now,
        "active": True,
        "message_limit": 999999,
        "restricted": False,
        "research_mode": False,
        "email_from": "gov.uk.notify",
        "created_by_id": NOTIFY_USER_ID,
        "prefix_sms": False,
        "rate_limit": 3000,
        "count_as_live": False,
        "version": 1,
    }
    op.bulk_insert(_table("services", *SERVICE_COLUMNS), [service])
    op.bulk_insert(_table("services_history", *SERVICE_COLUMNS), [service])
    op.bulk_insert(
        _table("service_permissions", "service_id", "permission", "created_at"),
        [
            {"service_id": NOTIFY_SERVICE_ID, "permission": kind, "created_at": now}
            for kind in ("sms", "email")
        ],
    )
    op.bulk_insert(
        _table("user_to_service", "user_id", "service_id"),
        [{"user_id": NOTIFY_USER_ID, "service_id": NOTIFY_SERVICE_ID}],
    )
    op.bulk_insert(
        _table(
            "service_sms_senders", "id", "sms_sender", "service_id", "is_default", "archived", "created_at"
        ),
        [
            {
                "id": uuid.uuid4(),
                "sms_sender": "GOVUK",
                "service_id": NOTIFY_SERVICE_ID,
                "is_default": True,
                "archived": False,
                "created_at": now,
            }
        ],
    )
    op.bulk_insert(
        _table(
            "service_email_reply_to",
            "id",
            "service_id",
            "email_address",
            "is_default",
            "archived",
            "created_at",
        ),
        [
            {
                "id": uuid.uuid4(),
                "service_id": NOTIFY_SERVICE_ID,
                "email_address": "notify@gov.uk",
                "is_default": True,
                "archived": False,
                "created_at": now,
            }
        ],
    )

    template_rows = [
        {
            "id": uuid.UUID(template_id),
            "name": name,
            "template_type": template_type,
            "created_at": now,
            "content": content,
            "archived": False,
            "hidden": False,
            "subject": subject,
            "service_id": NOTIFY_SERVICE_ID,
            "created_by_id": NOTIFY_USER_ID,
            "process_type": "normal",
            "version": 1,
        }
        for template_id, name, template_type, subject, content in TEMPLATES
    ]
    op.bulk_insert(_table("templates", *TEMPLATE_COLUMNS), template_rows)
    op.bulk_insert(_table("templates_history", *TEMPLATE_COLUMNS), template_rows)

    provider_rows = [
        {
            "id": provider_id,
            "display_name": display_name,
            "identifier": identifier,
            "priority": priority,
            "notification_type": notification_type,
            "active": True,
            "version": 1,
            "supports_international": international,
        }
        for provider_id, identifier, display_name, notification_type, priority, international in PROVIDERS
    ]
    op.bulk_insert(_table("provider_details", *PROVIDER_COLUMNS), provider_rows)
    op.bulk_insert(_table("provider_details_history", *PROVIDER_COLUMNS), provider_rows)

    # Default branding for services of NHS organisations.
    op.bulk_insert(
        _table("email_branding", "id", "name", "colour", "logo", "text", "brand_type"),
        [
            {
                "id": NHS_EMAIL_BRANDING_ID,
                "name": "NHS",
                "colour": "#005eb8",
                "logo": "nhs-logo.png",
                "text": None,
                "brand_type": "org",
            }
        ],
    )
    op.bulk_insert(
        _table("letter_branding", "id", "name", "filename"),
        [{"id": NHS_LETTER_BRANDING_ID, "name": "NHS", "filename": "nhs"}],
    )


def downgrade() -> None:
    service = {"service_id": NOTIFY_SERVICE_ID}
    # Messages the Notify service sent reference its templates, so they go first.
    for statement in (
        "DELETE FROM notifications WHERE service_id = :service_id",
        "DELETE FROM notification_history WHERE service_id = :service_id",
        "DELETE FROM templates_history WHERE service_id = :service_id",
        "DELETE FROM templates WHERE service_id = :service_id",
        "DELETE FROM service_sms_senders WHERE service_id = :service_id",
        "DELETE FROM service_email_reply_to WHERE service_id = :service_id",
        "DELETE FROM service_permissions WHERE service_id = :service_id",
        "DELETE FROM permissions WHERE service_id = :service_id",
        "DELETE FROM user_to_service WHERE service_id = :service_id",
        "DELETE FROM services_history WHERE id = :service_id",
        "DELETE FROM services WHERE id = :service_id",
    ):
        op.execute(sa.text(statement).bindparams(**service))
    provider_ids = [provider[0] for provider in PROVIDERS]
    op.execute(
        sa.text("DELETE FROM provider_rates WHERE provider_id = ANY(:ids)").bindparams(ids=provider_ids)
    )
    for table in ("provider_details_history", "provider_details"):
        op.execute(sa.text(f"DELETE FROM {table} WHERE id = ANY(:ids)").bindparams(ids=provider_ids))
    op.execute(sa.text("DELETE FROM users WHERE id = :user_id").bindparams(user_id=NOTIFY_USER_ID))
    op.execute(
        sa.text("DELETE FROM email_branding WHERE id = :branding_id").bindparams(
            branding_id=NHS_EMAIL_BRANDING_ID
        )
    )
    op.execute(
        sa.text("DELETE FROM letter_branding WHERE id = :branding_id").bindparams(
            branding_id=NHS_LETTER_BRANDING_ID
        )
    )
