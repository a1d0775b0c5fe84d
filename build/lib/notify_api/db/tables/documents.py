"""Files sent by email: when each one expires, and whether its link asks for the recipient's address.

Nothing here can open a file: the key is only in the download link, and the recipient's address only
inside the encrypted file. A row outlives its file so that the link can say the file has gone (410).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Table
from sqlalchemy.dialects.postgresql import UUID

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, uuid_pk

documents = Table(
    "documents",
    metadata,
    uuid_pk(),
    Column("service_id", UUID(as_uuid=True), nullable=False),
    created_at(),
    Column("expires_at", DateTime, nullable=False),
    Column("confirm_email", Boolean, nullable=False),
    Column("deleted_at", DateTime, nullable=True),  # the file is gone from the bucket
)
# The deletion sweep reads only the files still stored, oldest expiry first.
Index(
    "ix_documents_expires_at_not_deleted",
    documents.c.expires_at,
    postgresql_where=documents.c.deleted_at.is_(None),
)
