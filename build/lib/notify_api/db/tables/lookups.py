"""Lookup tables: one row per allowed value, referenced by a foreign key on ``name``.

Their rows are part of the schema and are inserted by the initial migration (values in ``enums.py``).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, String, Table

from notify_api.db.metadata import metadata


def _lookup(name: str) -> Table:
    return Table(name, metadata, Column("name", String(255), primary_key=True))


notification_status_types = _lookup("notification_status_types")
key_types = _lookup("key_types")
job_status = _lookup("job_status")
auth_type = _lookup("auth_type")
service_permission_types = _lookup("service_permission_types")
branding_type = _lookup("branding_type")
invite_status_type = _lookup("invite_status_type")
template_process_type = _lookup("template_process_type")
service_callback_type = _lookup("service_callback_type")

organisation_types = Table(
    "organisation_types",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("is_crown", Boolean, nullable=True),
    Column("annual_free_sms_fragment_limit", BigInteger, nullable=False),
)
