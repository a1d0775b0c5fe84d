"""The whole schema: every table, index, constraint and PG enum type, plus the lookup-table rows.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Enum types are created once, explicitly; the columns only refer to them (create_type=False).
TEMPLATE_TYPE = postgresql.ENUM(
    "sms", "email", "letter", "broadcast", name="template_type", create_type=False
)
NOTIFICATION_TYPE = postgresql.ENUM("email", "sms", "letter", name="notification_type", create_type=False)
PERMISSION_TYPES = postgresql.ENUM(
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
    name="permission_types",
    create_type=False,
)
VERIFY_CODE_TYPES = postgresql.ENUM("email", "sms", name="verify_code_types", create_type=False)
RECIPIENT_TYPE = postgresql.ENUM("mobile", "email", name="recipient_type", create_type=False)
INVITED_USERS_STATUS_TYPES = postgresql.ENUM(
    "pending", "accepted", "cancelled", name="invited_users_status_types", create_type=False
)
ENUM_TYPES = (
    TEMPLATE_TYPE,
    NOTIFICATION_TYPE,
    PERMISSION_TYPES,
    VERIFY_CODE_TYPES,
    RECIPIENT_TYPE,
    INVITED_USERS_STATUS_TYPES,
)

# Letters carry a postage class; other types must not.
TEMPLATE_POSTAGE_CHECK = (
    "CASE WHEN template_type = 'letter' THEN postage IS NOT NULL AND postage IN ('first', 'second') "
    "ELSE postage IS NULL END"
)
NOTIFICATION_POSTAGE_CHECK = (
    "CASE WHEN notification_type = 'letter' THEN "
    "postage IS NOT NULL AND postage IN ('first', 'second', 'europe', 'rest-of-world') "
    "ELSE postage IS NULL END"
)

LOOKUP_ROWS: dict[str, tuple[str, ...]] = {
    "notification_status_types": (
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
    ),
    "key_types": ("normal", "team", "test"),
    "job_status": (
        "pending",
        "in progress",
        "finished",
        "sending limits exceeded",
        "scheduled",
        "cancelled",
        "ready to send",
        "sent to dvla",
        "error",
    ),
    "auth_type": ("sms_auth", "email_auth", "webauthn_auth"),
    "service_permission_types": (
        "email",
        "sms",
        "letter",
        "broadcast",
        "international_sms",
        "inbound_sms",
        "schedule_notifications",
        "email_auth",
        "letters_as_pdf",
        "upload_document",
        "edit_folder_permissions",
        "upload_letters",
        "international_letters",
    ),
    "branding_type": ("org", "both", "org_banner"),
    "invite_status_type": ("pending", "accepted", "cancelled"),
    "template_process_type": ("normal", "priority"),
    "service_callback_type": ("delivery_status", "complaint"),
}
# (name, is_crown, annual_free_sms_fragment_limit)
ORGANISATION_TYPES = (
    ("central", None, 250000),
    ("local", False, 25000),
    ("nhs_central", True, 250000),
    ("nhs_local", False, 25000),
    ("nhs_gp", False, 25000),
    ("emergency_service", False, 25000),
    ("school_or_college", False, 25000),
    ("other", None, 25000),
)


def upgrade() -> None:
    bind = op.get_bind()
    for enum_type in ENUM_TYPES:
        enum_type.create(bind, checkfirst=False)
    op.create_table(
        "api_keys_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("key_type", sa.String(length=255), nullable=False),
        sa.Column("expiry_date", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", "version", name=op.f("pk_api_keys_history")),
    )
    auth_type = op.create_table(
        "auth_type",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_auth_type")),
    )
    branding_type = op.create_table(
        "branding_type",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_branding_type")),
    )
    op.create_table(
        "daily_sorted_letter",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("billing_day", sa.Date(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=True),
        sa.Column("unsorted_count", sa.Integer(), nullable=False),
        sa.Column("sorted_count", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_sorted_letter")),
        sa.UniqueConstraint(
            "file_name", "billing_day", name=op.f("uq_daily_sorted_letter_file_name_billing_day")
        ),
    )
    op.create_index(
        op.f("ix_daily_sorted_letter_billing_day"), "daily_sorted_letter", ["billing_day"], unique=False
    )
    op.create_table(
        "events",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("event_type", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("data", postgresql.JSON(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_table(
        "ft_billing",
        sa.Column("bst_date", sa.Date(), nullable=False),
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("notification_type", sa.Text(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("rate_multiplier", sa.Integer(), nullable=False),
        sa.Column("international", sa.Boolean(), nullable=False),
        sa.Column("rate", sa.Numeric(), nullable=False),
        sa.Column("postage", sa.String(), nullable=False),
        sa.Column("billable_units", sa.Integer(), nullable=True),
        sa.Column("notifications_sent", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint(
            "bst_date",
            "template_id",
            "service_id",
            "notification_type",
            "provider",
            "rate_multiplier",
            "international",
            "rate",
            "postage",
            name=op.f("pk_ft_billing"),
        ),
    )
    op.create_index(
        "ix_ft_billing_service_id_bst_date", "ft_billing", ["service_id", "bst_date"], unique=False
    )
    op.create_table(
        "ft_notification_status",
        sa.Column("bst_date", sa.Date(), nullable=False),
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("job_id", sa.UUID(), nullable=False),
        sa.Column("notification_type", sa.Text(), nullable=False),
        sa.Column("key_type", sa.Text(), nullable=False),
        sa.Column("notification_status", sa.Text(), nullable=False),
        sa.Column("notification_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint(
            "bst_date",
            "template_id",
            "service_id",
            "job_id",
            "notification_type",
            "key_type",
            "notification_status",
            name=op.f("pk_ft_notification_status"),
        ),
    )
    op.create_index("ix_ft_notification_status_job_id", "ft_notification_status", ["job_id"], unique=False)
    op.create_index(
        "ix_ft_notification_status_service_id_bst_date",
        "ft_notification_status",
        ["service_id", "bst_date"],
        unique=False,
    )
    op.create_table(
        "ft_processing_time",
        sa.Column("bst_date", sa.Date(), nullable=False),
        sa.Column("messages_total", sa.Integer(), nullable=False),
        sa.Column("messages_within_10_secs", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("bst_date", name=op.f("pk_ft_processing_time")),
    )
    invite_status_type = op.create_table(
        "invite_status_type",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_invite_status_type")),
    )
    job_status = op.create_table(
        "job_status",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_status")),
    )
    key_types = op.create_table(
        "key_types",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_key_types")),
    )
    op.create_table(
        "letter_branding",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_branding")),
        sa.UniqueConstraint("filename", name=op.f("uq_letter_branding_filename")),
        sa.UniqueConstraint("name", name=op.f("uq_letter_branding_name")),
    )
    op.create_table(
        "letter_rates",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("start_date", sa.DateTime(), nullable=False),
        sa.Column("end_date", sa.DateTime(), nullable=True),
        sa.Column("sheet_count", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Numeric(), nullable=False),
        sa.Column("crown", sa.Boolean(), nullable=False),
        sa.Column("post_class", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_rates")),
    )
    notification_status_types = op.create_table(
        "notification_status_types",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_notification_status_types")),
    )
    organisation_types = op.create_table(
        "organisation_types",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("is_crown", sa.Boolean(), nullable=True),
        sa.Column("annual_free_sms_fragment_limit", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_organisation_types")),
    )
    op.create_table(
        "rates",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=False),
        sa.Column("notification_type", NOTIFICATION_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rates")),
    )
    op.create_index(op.f("ix_rates_notification_type"), "rates", ["notification_type"], unique=False)
    op.create_table(
        "service_callback_api_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("callback_type", sa.String(length=255), nullable=True),
        sa.Column("bearer_token", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", "version", name=op.f("pk_service_callback_api_history")),
    )
    service_callback_type = op.create_table(
        "service_callback_type",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_service_callback_type")),
    )
    op.create_table(
        "service_inbound_api_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("bearer_token", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", "version", name=op.f("pk_service_inbound_api_history")),
    )
    service_permission_types = op.create_table(
        "service_permission_types",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_service_permission_types")),
    )
    op.create_table(
        "services_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("message_limit", sa.BigInteger(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("research_mode", sa.Boolean(), nullable=False),
        sa.Column("email_from", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=False),
        sa.Column("prefix_sms", sa.Boolean(), nullable=False),
        sa.Column("organisation_type", sa.String(length=255), nullable=True),
        sa.Column("crown", sa.Boolean(), nullable=True),
        sa.Column("rate_limit", sa.Integer(), nullable=False),
        sa.Column("contact_link", sa.String(length=255), nullable=True),
        sa.Column("volume_sms", sa.Integer(), nullable=True),
        sa.Column("volume_email", sa.Integer(), nullable=True),
        sa.Column("volume_letter", sa.Integer(), nullable=True),
        sa.Column("consent_to_research", sa.Boolean(), nullable=True),
        sa.Column("count_as_live", sa.Boolean(), nullable=False),
        sa.Column("go_live_user_id", sa.UUID(), nullable=True),
        sa.Column("go_live_at", sa.DateTime(), nullable=True),
        sa.Column("organisation_id", sa.UUID(), nullable=True),
        sa.Column("billing_contact_email_addresses", sa.Text(), nullable=True),
        sa.Column("billing_contact_names", sa.Text(), nullable=True),
        sa.Column("billing_reference", sa.String(length=255), nullable=True),
        sa.Column("purchase_order_number", sa.String(length=255), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", "version", name=op.f("pk_services_history")),
    )
    template_process_type = op.create_table(
        "template_process_type",
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_template_process_type")),
    )
    op.create_table(
        "email_branding",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=True),
        sa.Column("logo", sa.String(length=255), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("text", sa.String(length=255), nullable=True),
        sa.Column("brand_type", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_type"], ["branding_type.name"], name=op.f("fk_email_branding_brand_type_branding_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_branding")),
        sa.UniqueConstraint("name", name=op.f("uq_email_branding_name")),
    )
    op.create_index(op.f("ix_email_branding_brand_type"), "email_branding", ["brand_type"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email_address", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("_password", sa.String(), nullable=False),
        sa.Column("mobile_number", sa.String(), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.Column("logged_in_at", sa.DateTime(), nullable=True),
        sa.Column("failed_login_count", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("platform_admin", sa.Boolean(), nullable=False),
        sa.Column("current_session_id", sa.UUID(), nullable=True),
        sa.Column("auth_type", sa.String(length=255), nullable=False),
        sa.Column("email_access_validated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "auth_type in ('email_auth', 'webauthn_auth') or mobile_number is not null",
            name=op.f("ck_user_has_mobile_or_other_auth"),
        ),
        sa.ForeignKeyConstraint(["auth_type"], ["auth_type.name"], name=op.f("fk_users_auth_type_auth_type")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email_address", name=op.f("uq_users_email_address")),
    )
    op.create_index(op.f("ix_users_auth_type"), "users", ["auth_type"], unique=False)
    op.create_index(op.f("ix_users_name"), "users", ["name"], unique=False)
    op.create_table(
        "organisation",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("agreement_signed", sa.Boolean(), nullable=True),
        sa.Column("agreement_signed_at", sa.DateTime(), nullable=True),
        sa.Column("agreement_signed_by_id", sa.UUID(), nullable=True),
        sa.Column("agreement_signed_on_behalf_of_name", sa.String(length=255), nullable=True),
        sa.Column("agreement_signed_on_behalf_of_email_address", sa.String(length=255), nullable=True),
        sa.Column("agreement_signed_version", sa.Float(), nullable=True),
        sa.Column("crown", sa.Boolean(), nullable=True),
        sa.Column("organisation_type", sa.String(length=255), nullable=True),
        sa.Column("request_to_go_live_notes", sa.Text(), nullable=True),
        sa.Column("email_branding_id", sa.UUID(), nullable=True),
        sa.Column("letter_branding_id", sa.UUID(), nullable=True),
        sa.Column("billing_contact_email_addresses", sa.Text(), nullable=True),
        sa.Column("billing_contact_names", sa.Text(), nullable=True),
        sa.Column("billing_reference", sa.String(length=255), nullable=True),
        sa.Column("purchase_order_number", sa.String(length=255), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_signed_by_id"],
            ["users.id"],
            name=op.f("fk_organisation_agreement_signed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["email_branding_id"],
            ["email_branding.id"],
            name=op.f("fk_organisation_email_branding_id_email_branding"),
        ),
        sa.ForeignKeyConstraint(
            ["letter_branding_id"],
            ["letter_branding.id"],
            name=op.f("fk_organisation_letter_branding_id_letter_branding"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_type"],
            ["organisation_types.name"],
            name=op.f("fk_organisation_organisation_type_organisation_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "provider_details",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("identifier", sa.String(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("notification_type", NOTIFICATION_TYPE, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("supports_international", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_provider_details_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_details")),
    )
    op.create_index(
        op.f("ix_provider_details_created_by_id"), "provider_details", ["created_by_id"], unique=False
    )
    op.create_table(
        "provider_details_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("identifier", sa.String(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("notification_type", NOTIFICATION_TYPE, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("supports_international", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_provider_details_history_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", "version", name=op.f("pk_provider_details_history")),
    )
    op.create_table(
        "verify_codes",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("_code", sa.String(), nullable=False),
        sa.Column("code_type", VERIFY_CODE_TYPES, nullable=False),
        sa.Column("expiry_datetime", sa.DateTime(), nullable=False),
        sa.Column("code_used", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_verify_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verify_codes")),
    )
    op.create_index(op.f("ix_verify_codes_user_id"), "verify_codes", ["user_id"], unique=False)
    op.create_table(
        "webauthn_credential",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("credential_data", sa.Text(), nullable=False),
        sa.Column("registration_response", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_webauthn_credential_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webauthn_credential")),
    )
    op.create_index(op.f("ix_webauthn_credential_user_id"), "webauthn_credential", ["user_id"], unique=False)
    op.create_table(
        "domain",
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("organisation_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_domain_organisation_id_organisation")
        ),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_domain")),
    )
    op.create_index(op.f("ix_domain_organisation_id"), "domain", ["organisation_id"], unique=False)
    op.create_table(
        "invited_organisation_users",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("email_address", sa.String(length=255), nullable=False),
        sa.Column("invited_by_id", sa.UUID(), nullable=False),
        sa.Column("organisation_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_invited_organisation_users_invited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_invited_organisation_users_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["status"],
            ["invite_status_type.name"],
            name=op.f("fk_invited_organisation_users_status_invite_status_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invited_organisation_users")),
    )
    op.create_index(
        op.f("ix_invited_organisation_users_organisation_id"),
        "invited_organisation_users",
        ["organisation_id"],
        unique=False,
    )
    op.create_table(
        "provider_rates",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("valid_from", sa.DateTime(), nullable=False),
        sa.Column("rate", sa.Numeric(), nullable=False),
        sa.Column("provider_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider_details.id"],
            name=op.f("fk_provider_rates_provider_id_provider_details"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_rates")),
    )
    op.create_index(op.f("ix_provider_rates_provider_id"), "provider_rates", ["provider_id"], unique=False)
    op.create_table(
        "services",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("message_limit", sa.BigInteger(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("research_mode", sa.Boolean(), nullable=False),
        sa.Column("email_from", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=False),
        sa.Column("prefix_sms", sa.Boolean(), nullable=False),
        sa.Column("organisation_type", sa.String(length=255), nullable=True),
        sa.Column("crown", sa.Boolean(), nullable=True),
        sa.Column("rate_limit", sa.Integer(), nullable=False),
        sa.Column("contact_link", sa.String(length=255), nullable=True),
        sa.Column("volume_sms", sa.Integer(), nullable=True),
        sa.Column("volume_email", sa.Integer(), nullable=True),
        sa.Column("volume_letter", sa.Integer(), nullable=True),
        sa.Column("consent_to_research", sa.Boolean(), nullable=True),
        sa.Column("count_as_live", sa.Boolean(), nullable=False),
        sa.Column("go_live_user_id", sa.UUID(), nullable=True),
        sa.Column("go_live_at", sa.DateTime(), nullable=True),
        sa.Column("organisation_id", sa.UUID(), nullable=True),
        sa.Column("billing_contact_email_addresses", sa.Text(), nullable=True),
        sa.Column("billing_contact_names", sa.Text(), nullable=True),
        sa.Column("billing_reference", sa.String(length=255), nullable=True),
        sa.Column("purchase_order_number", sa.String(length=255), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_services_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["go_live_user_id"], ["users.id"], name=op.f("fk_services_go_live_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisation.id"], name=op.f("fk_services_organisation_id_organisation")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_type"],
            ["organisation_types.name"],
            name=op.f("fk_services_organisation_type_organisation_types"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_services")),
        sa.UniqueConstraint("email_from", name=op.f("uq_services_email_from")),
        sa.UniqueConstraint("name", name=op.f("uq_services_name")),
    )
    op.create_index(op.f("ix_services_created_by_id"), "services", ["created_by_id"], unique=False)
    op.create_index(op.f("ix_services_organisation_id"), "services", ["organisation_id"], unique=False)
    op.create_table(
        "user_to_organisation",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("organisation_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_user_to_organisation_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_to_organisation_user_id_users")
        ),
        sa.UniqueConstraint(
            "user_id", "organisation_id", name=op.f("uq_user_to_organisation_user_id_organisation_id")
        ),
    )
    op.create_index(
        op.f("ix_user_to_organisation_organisation_id"),
        "user_to_organisation",
        ["organisation_id"],
        unique=False,
    )
    op.create_table(
        "annual_billing",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("financial_year_start", sa.Integer(), nullable=False),
        sa.Column("free_sms_fragment_limit", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_annual_billing_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_billing")),
        sa.UniqueConstraint(
            "service_id",
            "financial_year_start",
            name=op.f("uq_annual_billing_service_id_financial_year_start"),
        ),
    )
    op.create_index(op.f("ix_annual_billing_service_id"), "annual_billing", ["service_id"], unique=False)
    op.create_table(
        "api_keys",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("key_type", sa.String(length=255), nullable=False),
        sa.Column("expiry_date", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_api_keys_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["key_type"], ["key_types.name"], name=op.f("fk_api_keys_key_type_key_types")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_api_keys_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("secret", name=op.f("uq_api_keys_secret")),
    )
    op.create_index(op.f("ix_api_keys_created_by_id"), "api_keys", ["created_by_id"], unique=False)
    op.create_index(op.f("ix_api_keys_key_type"), "api_keys", ["key_type"], unique=False)
    op.create_index(op.f("ix_api_keys_service_id"), "api_keys", ["service_id"], unique=False)
    op.create_index(
        "uix_service_to_key_name",
        "api_keys",
        ["service_id", "name"],
        unique=True,
        postgresql_where=sa.text("expiry_date IS NULL"),
    )
    op.create_table(
        "complaints",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("notification_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("ses_feedback_id", sa.Text(), nullable=True),
        sa.Column("complaint_type", sa.Text(), nullable=True),
        sa.Column("complaint_date", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_complaints_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    op.create_index(op.f("ix_complaints_notification_id"), "complaints", ["notification_id"], unique=False)
    op.create_index(op.f("ix_complaints_service_id"), "complaints", ["service_id"], unique=False)
    op.create_table(
        "inbound_numbers",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("number", sa.String(length=11), nullable=False),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_inbound_numbers_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_numbers")),
        sa.UniqueConstraint("number", name=op.f("uq_inbound_numbers_number")),
        sa.UniqueConstraint("service_id", name=op.f("uq_inbound_numbers_service_id")),
    )
    op.create_table(
        "inbound_sms",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("notify_number", sa.String(), nullable=False),
        sa.Column("user_number", sa.String(), nullable=False),
        sa.Column("provider_date", sa.DateTime(), nullable=True),
        sa.Column("provider_reference", sa.String(), nullable=True),
        sa.Column("provider", sa.String(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_inbound_sms_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_sms")),
    )
    op.create_index(
        "ix_inbound_sms_service_id_created_at",
        "inbound_sms",
        ["service_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        "ix_inbound_sms_service_id_user_number_created_at",
        "inbound_sms",
        ["service_id", "user_number", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_table(
        "inbound_sms_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("notify_number", sa.String(), nullable=False),
        sa.Column("provider_date", sa.DateTime(), nullable=True),
        sa.Column("provider_reference", sa.String(), nullable=True),
        sa.Column("provider", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_inbound_sms_history_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_sms_history")),
    )
    op.create_index(
        op.f("ix_inbound_sms_history_created_at"), "inbound_sms_history", ["created_at"], unique=False
    )
    op.create_index(
        op.f("ix_inbound_sms_history_service_id"), "inbound_sms_history", ["service_id"], unique=False
    )
    op.create_table(
        "invited_users",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("email_address", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", INVITED_USERS_STATUS_TYPES, nullable=False),
        sa.Column("permissions", sa.String(), nullable=False),
        sa.Column("auth_type", sa.String(length=255), nullable=False),
        sa.Column(
            "folder_permissions", postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["auth_type"], ["auth_type.name"], name=op.f("fk_invited_users_auth_type_auth_type")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_invited_users_service_id_services")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_invited_users_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invited_users")),
    )
    op.create_index(op.f("ix_invited_users_auth_type"), "invited_users", ["auth_type"], unique=False)
    op.create_index(op.f("ix_invited_users_service_id"), "invited_users", ["service_id"], unique=False)
    op.create_index(op.f("ix_invited_users_user_id"), "invited_users", ["user_id"], unique=False)
    op.create_table(
        "permissions",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=True),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("permission", PERMISSION_TYPES, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_permissions_service_id_services")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_permissions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_permissions")),
        sa.UniqueConstraint(
            "service_id", "user_id", "permission", name=op.f("uq_permissions_service_id_user_id_permission")
        ),
    )
    op.create_index(op.f("ix_permissions_service_id"), "permissions", ["service_id"], unique=False)
    op.create_index(op.f("ix_permissions_user_id"), "permissions", ["user_id"], unique=False)
    op.create_table(
        "returned_letters",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("reported_at", sa.Date(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("notification_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_returned_letters_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_returned_letters")),
        sa.UniqueConstraint("notification_id", name=op.f("uq_returned_letters_notification_id")),
    )
    op.create_index(op.f("ix_returned_letters_service_id"), "returned_letters", ["service_id"], unique=False)
    op.create_table(
        "service_callback_api",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("callback_type", sa.String(length=255), nullable=True),
        sa.Column("bearer_token", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["callback_type"],
            ["service_callback_type.name"],
            name=op.f("fk_service_callback_api_callback_type_service_callback_type"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_callback_api_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_service_callback_api_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_callback_api")),
        sa.UniqueConstraint(
            "service_id", "callback_type", name=op.f("uq_service_callback_api_service_id_callback_type")
        ),
    )
    op.create_index(
        op.f("ix_service_callback_api_service_id"), "service_callback_api", ["service_id"], unique=False
    )
    op.create_index(
        op.f("ix_service_callback_api_updated_by_id"), "service_callback_api", ["updated_by_id"], unique=False
    )
    op.create_table(
        "service_contact_list",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("original_file_name", sa.String(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("template_type", TEMPLATE_TYPE, nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_service_contact_list_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_contact_list_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_contact_list")),
    )
    op.create_index(
        op.f("ix_service_contact_list_created_by_id"), "service_contact_list", ["created_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_service_contact_list_service_id"), "service_contact_list", ["service_id"], unique=False
    )
    op.create_table(
        "service_data_retention",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("notification_type", NOTIFICATION_TYPE, nullable=False),
        sa.Column("days_of_retention", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_data_retention_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_data_retention")),
        sa.UniqueConstraint(
            "service_id",
            "notification_type",
            name=op.f("uq_service_data_retention_service_id_notification_type"),
        ),
    )
    op.create_index(
        op.f("ix_service_data_retention_service_id"), "service_data_retention", ["service_id"], unique=False
    )
    op.create_table(
        "service_email_branding",
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("email_branding_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["email_branding_id"],
            ["email_branding.id"],
            name=op.f("fk_service_email_branding_email_branding_id_email_branding"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_email_branding_service_id_services")
        ),
        sa.PrimaryKeyConstraint("service_id", name=op.f("pk_service_email_branding")),
    )
    op.create_index(
        op.f("ix_service_email_branding_email_branding_id"),
        "service_email_branding",
        ["email_branding_id"],
        unique=False,
    )
    op.create_table(
        "service_email_reply_to",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("email_address", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_email_reply_to_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_email_reply_to")),
    )
    op.create_index(
        op.f("ix_service_email_reply_to_service_id"), "service_email_reply_to", ["service_id"], unique=False
    )
    op.create_table(
        "service_inbound_api",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("bearer_token", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by_id", sa.UUID(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_inbound_api_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_service_inbound_api_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_inbound_api")),
        sa.UniqueConstraint("service_id", name=op.f("uq_service_inbound_api_service_id")),
    )
    op.create_index(
        op.f("ix_service_inbound_api_updated_by_id"), "service_inbound_api", ["updated_by_id"], unique=False
    )
    op.create_table(
        "service_letter_branding",
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("letter_branding_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_branding_id"],
            ["letter_branding.id"],
            name=op.f("fk_service_letter_branding_letter_branding_id_letter_branding"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_letter_branding_service_id_services")
        ),
        sa.PrimaryKeyConstraint("service_id", name=op.f("pk_service_letter_branding")),
    )
    op.create_index(
        op.f("ix_service_letter_branding_letter_branding_id"),
        "service_letter_branding",
        ["letter_branding_id"],
        unique=False,
    )
    op.create_table(
        "service_letter_contacts",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("contact_block", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_letter_contacts_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_letter_contacts")),
    )
    op.create_index(
        op.f("ix_service_letter_contacts_service_id"), "service_letter_contacts", ["service_id"], unique=False
    )
    op.create_table(
        "service_permissions",
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("permission", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["permission"],
            ["service_permission_types.name"],
            name=op.f("fk_service_permissions_permission_service_permission_types"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_permissions_service_id_services")
        ),
        sa.PrimaryKeyConstraint("service_id", "permission", name=op.f("pk_service_permissions")),
    )
    op.create_table(
        "service_whitelist",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("recipient_type", RECIPIENT_TYPE, nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_whitelist_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_whitelist")),
    )
    op.create_index(
        op.f("ix_service_whitelist_service_id"), "service_whitelist", ["service_id"], unique=False
    )
    op.create_table(
        "template_folder",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("parent_id", sa.UUID(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["template_folder.id"], name=op.f("fk_template_folder_parent_id_template_folder")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_template_folder_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_folder")),
        sa.UniqueConstraint("id", "service_id", name=op.f("uq_template_folder_id_service_id")),
    )
    op.create_index(op.f("ix_template_folder_parent_id"), "template_folder", ["parent_id"], unique=False)
    op.create_index(op.f("ix_template_folder_service_id"), "template_folder", ["service_id"], unique=False)
    op.create_table(
        "user_to_service",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_user_to_service_service_id_services")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_to_service_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", "service_id", name=op.f("pk_user_to_service")),
    )
    op.create_index(op.f("ix_user_to_service_service_id"), "user_to_service", ["service_id"], unique=False)
    op.create_table(
        "service_sms_senders",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("sms_sender", sa.String(length=11), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("inbound_number_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inbound_number_id"],
            ["inbound_numbers.id"],
            name=op.f("fk_service_sms_senders_inbound_number_id_inbound_numbers"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_service_sms_senders_service_id_services")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_sms_senders")),
        sa.UniqueConstraint("inbound_number_id", name=op.f("uq_service_sms_senders_inbound_number_id")),
    )
    op.create_index(
        op.f("ix_service_sms_senders_service_id"), "service_sms_senders", ["service_id"], unique=False
    )
    op.create_table(
        "templates",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("template_type", TEMPLATE_TYPE, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("postage", sa.String(), nullable=True),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=False),
        sa.Column("process_type", sa.String(length=255), nullable=False),
        sa.Column("service_letter_contact_id", sa.UUID(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            TEMPLATE_POSTAGE_CHECK,
            name=op.f("ck_templates_postage_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_templates_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["process_type"],
            ["template_process_type.name"],
            name=op.f("fk_templates_process_type_template_process_type"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_templates_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["service_letter_contact_id"],
            ["service_letter_contacts.id"],
            name=op.f("fk_templates_service_letter_contact_id_service_letter_contacts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_templates")),
    )
    op.create_index(op.f("ix_templates_created_by_id"), "templates", ["created_by_id"], unique=False)
    op.create_index(op.f("ix_templates_process_type"), "templates", ["process_type"], unique=False)
    op.create_index(op.f("ix_templates_service_id"), "templates", ["service_id"], unique=False)
    op.create_table(
        "templates_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("template_type", TEMPLATE_TYPE, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("postage", sa.String(), nullable=True),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("created_by_id", sa.UUID(), nullable=False),
        sa.Column("process_type", sa.String(length=255), nullable=False),
        sa.Column("service_letter_contact_id", sa.UUID(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            TEMPLATE_POSTAGE_CHECK,
            name=op.f("ck_templates_history_postage_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_templates_history_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["process_type"],
            ["template_process_type.name"],
            name=op.f("fk_templates_history_process_type_template_process_type"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_templates_history_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["service_letter_contact_id"],
            ["service_letter_contacts.id"],
            name=op.f("fk_templates_history_service_letter_contact_id_service_letter_contacts"),
        ),
        sa.PrimaryKeyConstraint("id", "version", name=op.f("pk_templates_history")),
    )
    op.create_index("ix_templates_history_service_id", "templates_history", ["service_id"], unique=False)
    op.create_table(
        "user_folder_permissions",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("template_folder_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_folder_id", "service_id"],
            ["template_folder.id", "template_folder.service_id"],
            name=op.f("fk_user_folder_permissions_template_folder_id_template_folder"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id", "service_id"],
            ["user_to_service.user_id", "user_to_service.service_id"],
            name=op.f("fk_user_folder_permissions_user_id_user_to_service"),
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "template_folder_id", "service_id", name=op.f("pk_user_folder_permissions")
        ),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("original_file_name", sa.String(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("template_id", sa.UUID(), nullable=True),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("notification_count", sa.Integer(), nullable=False),
        sa.Column("notifications_sent", sa.Integer(), nullable=False),
        sa.Column("notifications_delivered", sa.Integer(), nullable=False),
        sa.Column("notifications_failed", sa.Integer(), nullable=False),
        sa.Column("processing_started", sa.DateTime(), nullable=True),
        sa.Column("processing_finished", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("scheduled_for", sa.DateTime(), nullable=True),
        sa.Column("job_status", sa.String(length=255), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("contact_list_id", sa.UUID(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_list_id"],
            ["service_contact_list.id"],
            name=op.f("fk_jobs_contact_list_id_service_contact_list"),
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_jobs_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["job_status"], ["job_status.name"], name=op.f("fk_jobs_job_status_job_status")
        ),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_jobs_service_id_services")),
        sa.ForeignKeyConstraint(
            ["template_id"], ["templates.id"], name=op.f("fk_jobs_template_id_templates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_contact_list_id"), "jobs", ["contact_list_id"], unique=False)
    op.create_index(op.f("ix_jobs_created_by_id"), "jobs", ["created_by_id"], unique=False)
    op.create_index(op.f("ix_jobs_job_status"), "jobs", ["job_status"], unique=False)
    op.create_index(op.f("ix_jobs_scheduled_for"), "jobs", ["scheduled_for"], unique=False)
    op.create_index(
        "ix_jobs_service_id_created_at",
        "jobs",
        ["service_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(op.f("ix_jobs_template_id"), "jobs", ["template_id"], unique=False)
    op.create_table(
        "template_folder_map",
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("template_folder_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_folder_id"],
            ["template_folder.id"],
            name=op.f("fk_template_folder_map_template_folder_id_template_folder"),
        ),
        sa.ForeignKeyConstraint(
            ["template_id"], ["templates.id"], name=op.f("fk_template_folder_map_template_id_templates")
        ),
        sa.PrimaryKeyConstraint("template_id", name=op.f("pk_template_folder_map")),
    )
    op.create_index(
        op.f("ix_template_folder_map_template_folder_id"),
        "template_folder_map",
        ["template_folder_id"],
        unique=False,
    )
    op.create_table(
        "template_redacted",
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("redact_personalisation", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"], ["templates.id"], name=op.f("fk_template_redacted_template_id_templates")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_template_redacted_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("template_id", name=op.f("pk_template_redacted")),
    )
    op.create_index(
        op.f("ix_template_redacted_updated_by_id"), "template_redacted", ["updated_by_id"], unique=False
    )
    op.create_table(
        "notification_history",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("job_id", sa.UUID(), nullable=True),
        sa.Column("job_row_number", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("key_type", sa.String(length=255), nullable=False),
        sa.Column("billable_units", sa.Integer(), nullable=False),
        sa.Column("notification_type", NOTIFICATION_TYPE, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_by", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("notification_status", sa.String(length=255), nullable=False),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("client_reference", sa.String(), nullable=True),
        sa.Column("international", sa.Boolean(), nullable=False),
        sa.Column("phone_prefix", sa.String(), nullable=True),
        sa.Column("rate_multiplier", sa.Float(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("document_download_count", sa.Integer(), nullable=True),
        sa.Column("postage", sa.String(), nullable=True),
        sa.CheckConstraint(
            NOTIFICATION_POSTAGE_CHECK,
            name=op.f("ck_notification_history_postage_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["api_key_id"], ["api_keys.id"], name=op.f("fk_notification_history_api_key_id_api_keys")
        ),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_notification_history_job_id_jobs")),
        sa.ForeignKeyConstraint(
            ["key_type"], ["key_types.name"], name=op.f("fk_notification_history_key_type_key_types")
        ),
        sa.ForeignKeyConstraint(
            ["notification_status"],
            ["notification_status_types.name"],
            name=op.f("fk_notification_history_notification_status_notification_status_types"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_notification_history_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["template_id", "template_version"],
            ["templates_history.id", "templates_history.version"],
            name=op.f("fk_notification_history_template_id_templates_history"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_history")),
    )
    op.create_index(
        "ix_notification_history_api_key_id", "notification_history", ["api_key_id"], unique=False
    )
    op.create_index(
        "ix_notification_history_created_at", "notification_history", ["created_at"], unique=False
    )
    op.create_index("ix_notification_history_job_id", "notification_history", ["job_id"], unique=False)
    op.create_index("ix_notification_history_reference", "notification_history", ["reference"], unique=False)
    op.create_index(
        "ix_notification_history_service_id_created_at",
        "notification_history",
        ["service_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        "ix_notification_history_template_id", "notification_history", ["template_id"], unique=False
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("to", sa.String(), nullable=False),
        sa.Column("normalised_to", sa.String(), nullable=True),
        sa.Column("job_id", sa.UUID(), nullable=True),
        sa.Column("job_row_number", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("template_id", sa.UUID(), nullable=False),
        sa.Column("template_version", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("key_type", sa.String(length=255), nullable=False),
        sa.Column("billable_units", sa.Integer(), nullable=False),
        sa.Column("notification_type", NOTIFICATION_TYPE, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_by", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("notification_status", sa.String(length=255), nullable=False),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("client_reference", sa.String(), nullable=True),
        sa.Column("_personalisation", sa.Text(), nullable=True),
        sa.Column("international", sa.Boolean(), nullable=False),
        sa.Column("phone_prefix", sa.String(), nullable=True),
        sa.Column("rate_multiplier", sa.Float(), nullable=True),
        sa.Column("created_by_id", sa.UUID(), nullable=True),
        sa.Column("reply_to_text", sa.String(), nullable=True),
        sa.Column("document_download_count", sa.Integer(), nullable=True),
        sa.Column("postage", sa.String(), nullable=True),
        sa.CheckConstraint(
            NOTIFICATION_POSTAGE_CHECK,
            name=op.f("ck_notifications_postage_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["api_key_id"], ["api_keys.id"], name=op.f("fk_notifications_api_key_id_api_keys")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_notifications_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_notifications_job_id_jobs")),
        sa.ForeignKeyConstraint(
            ["key_type"], ["key_types.name"], name=op.f("fk_notifications_key_type_key_types")
        ),
        sa.ForeignKeyConstraint(
            ["notification_status"],
            ["notification_status_types.name"],
            name=op.f("fk_notifications_notification_status_notification_status_types"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["services.id"], name=op.f("fk_notifications_service_id_services")
        ),
        sa.ForeignKeyConstraint(
            ["template_id", "template_version"],
            ["templates_history.id", "templates_history.version"],
            name=op.f("fk_notifications_template_id_templates_history"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("job_id", "job_row_number", name=op.f("uq_notifications_job_id_job_row_number")),
    )
    op.create_index("ix_notifications_api_key_id", "notifications", ["api_key_id"], unique=False)
    op.create_index("ix_notifications_created_at", "notifications", ["created_at"], unique=False)
    op.create_index(
        "ix_notifications_notification_status_created_at",
        "notifications",
        ["notification_status", "created_at"],
        unique=False,
    )
    op.create_index("ix_notifications_reference", "notifications", ["reference"], unique=False)
    op.create_index(
        "ix_notifications_service_id_client_reference",
        "notifications",
        ["service_id", "client_reference"],
        unique=False,
        postgresql_where=sa.text("client_reference IS NOT NULL"),
    )
    op.create_index(
        "ix_notifications_service_id_created_at",
        "notifications",
        ["service_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        "ix_notifications_service_id_key_type_created_at",
        "notifications",
        ["service_id", "key_type", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index("ix_notifications_template_id", "notifications", ["template_id"], unique=False)

    lookup_tables = {
        "notification_status_types": notification_status_types,
        "key_types": key_types,
        "job_status": job_status,
        "auth_type": auth_type,
        "service_permission_types": service_permission_types,
        "branding_type": branding_type,
        "invite_status_type": invite_status_type,
        "template_process_type": template_process_type,
        "service_callback_type": service_callback_type,
    }
    for table_name, names in LOOKUP_ROWS.items():
        op.bulk_insert(lookup_tables[table_name], [{"name": name} for name in names])
    op.bulk_insert(
        organisation_types,
        [
            {"name": n, "is_crown": c, "annual_free_sms_fragment_limit": limit}
            for n, c, limit in ORGANISATION_TYPES
        ],
    )


def downgrade() -> None:
    # Dropping a table drops its indexes and constraints; the enum types go last.
    op.drop_table("notifications")
    op.drop_table("notification_history")
    op.drop_table("template_redacted")
    op.drop_table("template_folder_map")
    op.drop_table("jobs")
    op.drop_table("user_folder_permissions")
    op.drop_table("templates_history")
    op.drop_table("templates")
    op.drop_table("service_sms_senders")
    op.drop_table("user_to_service")
    op.drop_table("template_folder")
    op.drop_table("service_whitelist")
    op.drop_table("service_permissions")
    op.drop_table("service_letter_contacts")
    op.drop_table("service_letter_branding")
    op.drop_table("service_inbound_api")
    op.drop_table("service_email_reply_to")
    op.drop_table("service_email_branding")
    op.drop_table("service_data_retention")
    op.drop_table("service_contact_list")
    op.drop_table("service_callback_api")
    op.drop_table("returned_letters")
    op.drop_table("permissions")
    op.drop_table("invited_users")
    op.drop_table("inbound_sms_history")
    op.drop_table("inbound_sms")
    op.drop_table("inbound_numbers")
    op.drop_table("complaints")
    op.drop_table("api_keys")
    op.drop_table("annual_billing")
    op.drop_table("user_to_organisation")
    op.drop_table("services")
    op.drop_table("provider_rates")
    op.drop_table("invited_organisation_users")
    op.drop_table("domain")
    op.drop_table("webauthn_credential")
    op.drop_table("verify_codes")
    op.drop_table("provider_details_history")
    op.drop_table("provider_details")
    op.drop_table("organisation")
    op.drop_table("users")
    op.drop_table("email_branding")
    op.drop_table("template_process_type")
    op.drop_table("services_history")
    op.drop_table("service_permission_types")
    op.drop_table("service_inbound_api_history")
    op.drop_table("service_callback_type")
    op.drop_table("service_callback_api_history")
    op.drop_table("rates")
    op.drop_table("organisation_types")
    op.drop_table("notification_status_types")
    op.drop_table("letter_rates")
    op.drop_table("letter_branding")
    op.drop_table("key_types")
    op.drop_table("job_status")
    op.drop_table("invite_status_type")
    op.drop_table("ft_processing_time")
    op.drop_table("ft_notification_status")
    op.drop_table("ft_billing")
    op.drop_table("events")
    op.drop_table("daily_sorted_letter")
    op.drop_table("branding_type")
    op.drop_table("auth_type")
    op.drop_table("api_keys_history")
    bind = op.get_bind()
    for enum_type in ENUM_TYPES:
        enum_type.drop(bind, checkfirst=False)
