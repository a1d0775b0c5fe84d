"""Delivery receipts acknowledged to a provider and not applied yet: the receipts' outbox.

A receipt is stored here before its provider hears 200, so that losing the queue message (broker down at
enqueue, or its data lost afterwards) loses nothing: the sweeper re-enqueues rows still here at
``replay_at``. Applying a receipt deletes its row in the same transaction, so it is applied once.
The payload holds what the provider sent, minus email addresses: statuses, codes and our references.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, String, Table
from sqlalchemy.dialects.postgresql import JSONB

from notify_api.db.metadata import metadata
from notify_api.db.tables._columns import created_at, uuid_pk

provider_receipts = Table(
    "provider_receipts",
    metadata,
    uuid_pk(),
    Column("kind", String, nullable=False),  # "sms" (MMG, Firetext) or "ses"
    Column("payload", JSONB, nullable=False),
    created_at(),
    Column("replay_at", DateTime, nullable=False),  # when the sweeper queues it again if it is still here
    Column("replays", Integer, nullable=False, default=0),  # how often the sweeper has queued it again
)
Index("ix_provider_receipts_replay_at", provider_receipts.c.replay_at)
Index("ix_provider_receipts_created_at", provider_receipts.c.created_at)
