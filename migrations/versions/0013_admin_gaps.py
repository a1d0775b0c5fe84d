"""Letter rates: every price Notify charged per letter, by sheets, post class and crown status, as the
original's migrations left the ``letter_rates`` table (its history up to February 2021, net of later fixes).

Revision ID: 0013_admin_gaps
Revises: 0012_channel_message_limits
Create Date: 2026-12-05
"""

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0013_admin_gaps"
down_revision: str | None = "0012_channel_message_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (start, end or None; naive UTC), post class, crown, {sheets: rate in pounds}. A rate applies to letters of
# London days starting at or after ``start`` and before ``end``.
LETTER_RATE_PERIODS: tuple[tuple[str, str | None, str, bool, dict[int, str]], ...] = (
    ("2016-03-31 23:00", "2019-09-30 23:00", "second", True, {1: "0.30"}),
    ("2016-03-31 23:00", "2018-09-30 23:00", "second", True, {2: "0.33", 3: "0.36"}),
    ("2016-03-31 23:00", "2018-09-30 23:00", "second", False, {1: "0.33", 2: "0.39", 3: "0.45"}),
    ("2018-06-30 23:00", "2018-09-30 23:00", "second", True, {4: "0.39", 5: "0.42"}),
    ("2018-06-30 23:00", "2018-09-30 23:00", "second", False, {4: "0.51", 5: "0.57"}),
    *(
        ("2018-08-31 23:00", "2019-09-30 23:00", "first", crown,
         {1: "0.56", 2: "0.61", 3: "0.66", 4: "0.71", 5: "0.76"})
        for crown in (True, False)
    ),
    ("2018-09-30 23:00", "2019-09-30 23:00", "second", True, {2: "0.35", 3: "0.40", 4: "0.45", 5: "0.50"}),
    ("2018-09-30 23:00", "2019-09-30 23:00", "second", False,
     {1: "0.30", 2: "0.35", 3: "0.40", 4: "0.45", 5: "0.50"}),
    *(
        ("2019-09-30 23:00", "2021-02-01 00:00", post_class, crown, rates)
        for post_class, rates in (
            ("first", {1: "0.61", 2: "0.66", 3: "0.71", 4: "0.76", 5: "0.81"}),
            ("second", {1: "0.35", 2: "0.40", 3: "0.45", 4: "0.50", 5: "0.55"}),
        )
        for crown in (True, False)
    ),
    *(
        ("2020-06-30 23:00", "2021-02-01 00:00", post_class, crown,
         {1: "0.84", 2: "0.92", 3: "1.00", 4: "1.08", 5: "1.16"})
        for post_class in ("europe", "rest-of-world")
        for crown in (True, False)
    ),
    *(
        ("2021-02-01 00:00", None, post_class, crown, rates)
        for post_class, rates in (
            ("first", {1: "0.69", 2: "0.74", 3: "0.79", 4: "0.84", 5: "0.89"}),
            ("second", {1: "0.39", 2: "0.44", 3: "0.49", 4: "0.54", 5: "0.59"}),
            ("europe", {1: "0.89", 2: "0.97", 3: "1.05", 4: "1.13", 5: "1.21"}),
            ("rest-of-world", {1: "0.89", 2: "0.97", 3: "1.05", 4: "1.13", 5: "1.21"}),
        )
        for crown in (True, False)
    ),
)  # fmt: skip

# Ids derived from each rate's identity, so the downgrade removes exactly these rows.
_NAMESPACE = uuid.UUID("6f1a3c0e-1b0b-4f3e-9f7e-000000001200")


def letter_rate_rows() -> Iterator[dict[str, object]]:
    for start, end, post_class, crown, rates in LETTER_RATE_PERIODS:
        for sheets, rate in rates.items():
            yield {
                "id": uuid.uuid5(_NAMESPACE, f"{start}|{post_class}|{crown}|{sheets}"),
                "start_date": datetime.fromisoformat(start),
                "end_date": datetime.fromisoformat(end) if end else None,
                "sheet_count": sheets,
                "rate": Decimal(rate),
                "crown": crown,
                "post_class": post_class,
            }


_letter_rates = sa.table(
    "letter_rates",
    sa.column("id", sa.UUID()),
    sa.column("start_date", sa.DateTime()),
    sa.column("end_date", sa.DateTime()),
    sa.column("sheet_count", sa.Integer()),
    sa.column("rate", sa.Numeric()),
    sa.column("crown", sa.Boolean()),
    sa.column("post_class", sa.String()),
)


def upgrade() -> None:
    op.bulk_insert(_letter_rates, list(letter_rate_rows()))


def downgrade() -> None:
    ids = [str(row["id"]) for row in letter_rate_rows()]
    op.execute(sa.text("DELETE FROM letter_rates WHERE id = ANY(CAST(:ids AS uuid[]))").bindparams(ids=ids))
