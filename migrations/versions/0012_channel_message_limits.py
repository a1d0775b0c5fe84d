"""Per-channel daily limits on services: sms_message_limit, email_message_limit, letter_message_limit.

Revision ID: 0012_channel_message_limits
Revises: 0008_idempotency_keys
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_channel_message_limits"
down_revision: str | None = "0008_idempotency_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("sms_message_limit", "email_message_limit", "letter_message_limit")


def upgrade() -> None:
    # Null: no limit of its own; the channel counts against the total message_limit.
    for table in ("services", "services_history"):
        for column in COLUMNS:
            op.add_column(table, sa.Column(column, sa.BigInteger(), nullable=True))


def downgrade() -> None:
    for table in ("services", "services_history"):
        for column in COLUMNS:
            op.drop_column(table, column)
