"""Users, their sign-in codes and WebAuthn credentials."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.sql.elements import conv

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, updated_at, utc_now, uuid_fk, uuid_pk
from notify_api.db.tables.enums import verify_code_type_enum

users = Table(
    "users",
    metadata,
    uuid_pk(),
    Column("name", String, nullable=False, index=True),
    Column("email_address", String(255), nullable=False, unique=True),
    created_at(),
    updated_at(),
    Column("_password", String, nullable=False),  # bcrypt hash
    Column("mobile_number", String, nullable=True),
    Column("password_changed_at", DateTime, nullable=False, default=utc_now),
    Column("logged_in_at", DateTime, nullable=True),
    Column("failed_login_count", Integer, nullable=False, default=0),
    Column("state", String, nullable=False, default="pending"),  # pending / active / inactive
    Column("platform_admin", Boolean, nullable=False, default=False),
    Column("current_session_id", UUID(as_uuid=True), nullable=True),
    Column(
        "auth_type", String(255), ForeignKey("auth_type.name"), nullable=False, default="sms_auth", index=True
    ),
    Column("email_access_validated_at", DateTime, nullable=False, default=utc_now),
    CheckConstraint(
        "auth_type in ('email_auth', 'webauthn_auth') or mobile_number is not null",
        name=conv("ck_user_has_mobile_or_other_auth"),
    ),
)

verify_codes = Table(
    "verify_codes",
    metadata,
    uuid_pk(),
    uuid_fk("user_id", "users.id", index=True),
    Column("_code", String, nullable=False),  # bcrypt hash
    Column("code_type", verify_code_type_enum, nullable=False),
    Column("expiry_datetime", DateTime, nullable=False),
    Column("code_used", Boolean, nullable=True, default=False),
    created_at(),
)

webauthn_credential = Table(
    "webauthn_credential",
    metadata,
    uuid_pk(),
    uuid_fk("user_id", "users.id", index=True),
    Column("name", String, nullable=False),
    Column("credential_data", Text, nullable=False),
    Column("registration_response", Text, nullable=False),
    created_at(),
    updated_at(),
)
