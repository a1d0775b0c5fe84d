"""The SMS rate per fragment over time, which the nightly billing facts price texts with.

Revision ID: 0006_sms_rates
Revises: 0004_provider_receipts
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_sms_rates"
down_revision: str | None = "0004_provider_receipts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (valid from, naive UTC; rate in pounds per fragment). A rate applies to London days starting at or after it.
SMS_RATES = (
    ("2016-05-18 00:00:00", 0.0165),
    ("2017-03-31 23:00:00", 0.0158),
    ("2021-03-31 23:00:00", 0.0160),
)
# Fixed ids, so the downgrade removes exactly these rows.
IDS = (
    "6f1a3c0e-1b0b-4f3e-9f7e-000000000601",
    "6f1a3c0e-1b0b-4f3e-9f7e-000000000602",
    "6f1a3c0e-1b0b-4f3e-9f7e-000000000603",
)


def upgrade() -> None:
    for rate_id, (valid_from, rate) in zip(IDS, SMS_RATES, strict=True):
        op.execute(
            sa.text(
                "INSERT INTO rates (id, valid_from, rate, notification_type) "
                "VALUES (CAST(:id AS uuid), CAST(:valid_from AS timestamp), :rate, 'sms')"
            ).bindparams(id=rate_id, valid_from=valid_from, rate=rate)
        )


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM rates WHERE id = ANY(CAST(:ids AS uuid[]))").bindparams(ids=list(IDS)))
