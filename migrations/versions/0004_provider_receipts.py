"""Receipts' outbox: provider receipts until they are applied, and texts whose forwarding was not queued.

Revision ID: 0004_provider_receipts
Revises: 0003_documents
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004_provider_receipts"
down_revision: str | None = "0003_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider_receipts",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("replay_at", sa.DateTime(), nullable=False),
        sa.Column("replays", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_receipts")),
    )
    op.create_index("ix_provider_receipts_replay_at", "provider_receipts", ["replay_at"])
    op.create_index("ix_provider_receipts_created_at", "provider_receipts", ["created_at"])
    op.create_table(
        "inbound_sms_forwards",
        sa.Column("inbound_sms_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("inbound_sms_id", name=op.f("pk_inbound_sms_forwards")),
    )


def downgrade() -> None:
    op.drop_table("inbound_sms_forwards")
    op.drop_index("ix_provider_receipts_created_at", table_name="provider_receipts")
    op.drop_index("ix_provider_receipts_replay_at", table_name="provider_receipts")
    op.drop_table("provider_receipts")
