"""Who belongs to which service or organisation, with what permissions, and pending invitations."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, String, Table, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB, UUID

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, uuid_fk, uuid_pk
from notify_api.db.tables.enums import invited_user_status_enum, permission_type_enum

user_to_service = Table(
    "user_to_service",
    metadata,
    uuid_fk("user_id", "users.id", primary_key=True),
    uuid_fk("service_id", "services.id", primary_key=True, index=True),
)

user_to_organisation = Table(
    "user_to_organisation",
    metadata,
    uuid_fk("user_id", "users.id"),
    uuid_fk("organisation_id", "organisation.id", index=True),
    UniqueConstraint("user_id", "organisation_id"),
)

permissions = Table(
    "permissions",
    metadata,
    uuid_pk(),
    # null service_id would mean a permission that is not service specific (unused)
    uuid_fk("service_id", "services.id", nullable=True, index=True),
    uuid_fk("user_id", "users.id", index=True),
    Column("permission", permission_type_enum, nullable=False),
    created_at(),
    UniqueConstraint("service_id", "user_id", "permission"),
)

user_folder_permissions = Table(
    "user_folder_permissions",
    metadata,
    Column("user_id", UUID(as_uuid=True), primary_key=True),
    Column("template_folder_id", UUID(as_uuid=True), primary_key=True),
    Column("service_id", UUID(as_uuid=True), primary_key=True),
    # a folder permission exists only for a member of the folder's own service
    ForeignKeyConstraint(
        ["user_id", "service_id"], ["user_to_service.user_id", "user_to_service.service_id"]
    ),
    ForeignKeyConstraint(
        ["template_folder_id", "service_id"], ["template_folder.id", "template_folder.service_id"]
    ),
)

invited_users = Table(
    "invited_users",
    metadata,
    uuid_pk(),
    Column("email_address", String(255), nullable=False),
    uuid_fk("user_id", "users.id", index=True),  # who sent the invitation
    uuid_fk("service_id", "services.id", nullable=True, index=True),
    created_at(),
    Column("status", invited_user_status_enum, nullable=False, default="pending"),
    Column("permissions", String, nullable=False),  # comma separated
    Column(
        "auth_type", String(255), ForeignKey("auth_type.name"), nullable=False, default="sms_auth", index=True
    ),
    Column("folder_permissions", JSONB(none_as_null=True), nullable=False, default=list),
)

invited_organisation_users = Table(
    "invited_organisation_users",
    metadata,
    uuid_pk(),
    Column("email_address", String(255), nullable=False),
    uuid_fk("invited_by_id", "users.id"),
    uuid_fk("organisation_id", "organisation.id", index=True),
    created_at(),
    Column("status", String(255), ForeignKey("invite_status_type.name"), nullable=False, default="pending"),
)
