"""SQL for handing notifications to providers: claim a row, record the outcome, find rows to replay.

A row moves like this while it is delivered (SMS and email):
- ``created``, ``updated_at`` NULL: waiting for its first attempt;
- ``sending``, ``sent_at`` NULL: claimed, a worker is calling the provider (``updated_at`` = claim time);
- ``sending``/``sent``, ``sent_at`` set: the provider has it;
- ``created``, ``updated_at`` set: an attempt failed for a temporary reason and a retry is scheduled;
- ``technical-failure``: the provider refused it for good, or the retries ran out.

A claim is one conditional UPDATE that succeeds for ``created`` rows, and for claimed rows whose worker
died (claimed longer ago than the lease), so a message can be sent again after a crash but never by two
workers at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, case, cast, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import (
    email_branding,
    notifications,
    service_callback_api,
    service_email_branding,
    services,
    templates_history,
)
from notify_api.enums import CREATED, SENDING, TECHNICAL_FAILURE

n = notifications.c
s = services.c
th = templates_history.c


@dataclass(frozen=True)
class ClaimedNotification:
    id: uuid.UUID
    notification_type: str
    service_id: uuid.UUID
    key_type: str
    to: str
    normalised_to: str | None
    encrypted_personalisation: str | None
    international: bool
    rate_multiplier: float | None
    reply_to_text: str | None
    created_at: datetime
    service_name: str
    service_active: bool
    research_mode: bool
    prefix_sms: bool
    email_from: str
    template_content: str
    template_subject: str | None


@dataclass(frozen=True)
class DeliveryState:
    status: str
    sent_at: datetime | None
    updated_at: datetime | None

    @property
    def claimed_by_a_worker(self) -> bool:
        return self.status == SENDING and self.sent_at is None


@dataclass(frozen=True)
class EmailBranding:
    name: str
    colour: str | None
    logo: str | None
    text: str | None
    brand_type: str


@dataclass(frozen=True)
class ReplayItem:
    id: uuid.UUID
    notification_type: str
    key_type: str
    service_id: uuid.UUID
    research_mode: bool
    process_type: str


def _claimable(lease_cutoff: datetime) -> Any:
    # Only `created` rows: a claim whose worker died may already have reached the provider, and sending it
    # again could text a citizen twice. Such claims are settled by the provider's receipt instead.
    return n.notification_status == CREATED


async def claim_for_delivery(
    connection: AsyncConnection,
    notification_id: uuid.UUID,
    notification_type: str,
    *,
    now: datetime,
    lease_cutoff: datetime,
) -> ClaimedNotification | None:
    """Mark the row claimed (``sending``, no ``sent_at``) and return what sending needs, or None."""
    statement = (
        update(notifications)
        .where(
            n.id == notification_id,
            n.notification_type == notification_type,
            _claimable(lease_cutoff),
            s.id == n.service_id,
            th.id == n.template_id,
            th.version == n.template_version,
        )
        .values(notification_status=SENDING, updated_at=now, sent_at=None)
        .returning(
            n.id,
            n.notification_type,
            n.service_id,
            n.key_type,
            n.to,
            n.normalised_to,
            n._personalisation,
            n.international,
            n.rate_multiplier,
            n.reply_to_text,
            n.created_at,
            s.name,
            s.active,
            s.research_mode,
            s.prefix_sms,
            s.email_from,
            th.content,
            th.subject,
        )
    )
    row = (await connection.execute(statement)).one_or_none()
    if row is None:
        return None
    return ClaimedNotification(
        id=row.id,
        notification_type=row.notification_type,
        service_id=row.service_id,
        key_type=row.key_type,
        to=row.to,
        normalised_to=row.normalised_to,
        encrypted_personalisation=row._personalisation,
        international=bool(row.international),
        rate_multiplier=row.rate_multiplier,
        reply_to_text=row.reply_to_text,
        created_at=row.created_at,
        service_name=row.name,
        service_active=bool(row.active),
        research_mode=bool(row.research_mode),
        prefix_sms=bool(row.prefix_sms),
        email_from=row.email_from,
        template_content=row.content,
        template_subject=row.subject,
    )


async def delivery_state(connection: AsyncConnection, notification_id: uuid.UUID) -> DeliveryState | None:
    query = select(n.notification_status, n.sent_at, n.updated_at).where(n.id == notification_id)
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else DeliveryState(row.notification_status, row.sent_at, row.updated_at)


async def record_sent(
    connection: AsyncConnection,
    notification_id: uuid.UUID,
    *,
    status: str,
    sent_at: datetime,
    sent_by: str,
    reference: str,
    billable_units: int | None,
) -> None:
    """The provider has the message. A receipt that already moved the status on keeps its status."""
    values: dict[str, Any] = {
        "sent_at": sent_at,
        "sent_by": sent_by,
        "reference": reference,
        "updated_at": sent_at,
        "notification_status": _status_unless_moved_on(status),
    }
    if billable_units is not None:
        values["billable_units"] = billable_units
    await connection.execute(update(notifications).where(n.id == notification_id).values(**values))


def _status_unless_moved_on(status: str) -> Any:
    return case((n.notification_status.in_((CREATED, SENDING)), status), else_=n.notification_status)


async def release_for_retry(
    connection: AsyncConnection, notification_id: uuid.UUID, *, now: datetime, billable_units: int | None
) -> None:
    """A temporary failure: back to ``created`` with ``updated_at`` set, the mark of a scheduled retry."""
    values: dict[str, Any] = {"notification_status": CREATED, "updated_at": now, "sent_by": None}
    if billable_units is not None:
        values["billable_units"] = billable_units
    await connection.execute(
        update(notifications)
        .where(n.id == notification_id, n.notification_status == SENDING, n.sent_at.is_(None))
        .values(**values)
    )


async def mark_technical_failure(
    connection: AsyncConnection,
    notification_id: uuid.UUID,
    *,
    now: datetime,
    claimed_before: datetime | None = None,
) -> uuid.UUID | None:
    """Technical failure for a row not yet handed to a provider; returns its service id if it changed.

    A claimed row counts only if it was claimed before ``claimed_before`` (when given): someone giving up
    on a message must not fail a row that another worker is sending right now.
    """
    claimed = and_(n.notification_status == SENDING, n.sent_at.is_(None))
    if claimed_before is not None:
        claimed = and_(claimed, n.updated_at < claimed_before)
    unsent = or_(n.notification_status == CREATED, claimed)
    statement = (
        update(notifications)
        .where(n.id == notification_id, unsent)
        .values(notification_status=TECHNICAL_FAILURE, updated_at=now)
        .returning(n.service_id)
    )
    service_id = (await connection.execute(statement)).scalar_one_or_none()
    return None if service_id is None else uuid.UUID(str(service_id))


async def note_provider(connection: AsyncConnection, notification_id: uuid.UUID, provider: str) -> None:
    """The provider a claim is about to call, committed with the claim, before the call."""
    await connection.execute(update(notifications).where(n.id == notification_id).values(sent_by=provider))


async def settle_abandoned_claim(
    connection: AsyncConnection, notification_id: uuid.UUID, *, claimed_before: datetime
) -> bool:
    """A claim whose worker died during the provider call, after noting the provider: the provider may have
    the message, so it counts as sent at the claim's time and waits for the provider's receipt (or the
    sending timeout). A text's reference is its id, known before the call; an email's is settled by SES's
    receipt, which carries the id as a message tag."""
    statement = (
        update(notifications)
        .where(
            n.id == notification_id,
            n.notification_status == SENDING,
            n.sent_at.is_(None),
            n.sent_by.is_not(None),
            n.updated_at < claimed_before,
        )
        .values(
            sent_at=n.updated_at,
            reference=case((n.notification_type == "sms", cast(n.id, String)), else_=n.reference),
        )
        .returning(n.id)
    )
    return (await connection.execute(statement)).scalar_one_or_none() is not None


async def abandoned_claims(
    connection: AsyncConnection, *, lease_cutoff: datetime, limit: int
) -> list[uuid.UUID]:
    """SMS and email claimed by a worker that never recorded an outcome (it died during the provider call)."""
    query = (
        select(n.id)
        .where(
            n.notification_type.in_(("sms", "email")),
            n.notification_status == SENDING,
            n.sent_at.is_(None),
            n.updated_at < lease_cutoff,
        )
        .limit(limit)
    )
    return [uuid.UUID(str(row_id)) for row_id in (await connection.execute(query)).scalars()]


async def has_delivery_status_callback(connection: AsyncConnection, service_id: uuid.UUID) -> bool:
    return bool(await services_with_delivery_status_callback(connection, [service_id]))


async def services_with_delivery_status_callback(
    connection: AsyncConnection, service_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    if not service_ids:
        return set()
    c = service_callback_api.c
    query = select(c.service_id).where(
        c.service_id.in_(set(service_ids)), c.callback_type == "delivery_status"
    )
    return {uuid.UUID(str(value)) for value in (await connection.execute(query)).scalars()}


async def email_branding_for(connection: AsyncConnection, service_id: uuid.UUID) -> EmailBranding | None:
    b = email_branding.c
    query = (
        select(b.name, b.colour, b.logo, b.text, b.brand_type)
        .select_from(service_email_branding.join(email_branding))
        .where(service_email_branding.c.service_id == service_id)
    )
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else EmailBranding(row.name, row.colour, row.logo, row.text, row.brand_type)


async def notifications_to_replay(
    connection: AsyncConnection,
    *,
    created_before: datetime,
    retry_quiet_since: datetime,
    lease_cutoff: datetime,
    limit: int,
) -> list[ReplayItem]:
    """SMS and email that no queued message will deliver: never attempted and older than
    ``created_before``, or waiting for a retry that should have happened before ``retry_quiet_since``."""
    never_attempted_or_retry_lost = and_(
        n.notification_status == CREATED,
        n.created_at < created_before,
        or_(n.updated_at.is_(None), n.updated_at < retry_quiet_since),
    )
    query = (
        select(n.id, n.notification_type, n.key_type, n.service_id, s.research_mode, th.process_type)
        .select_from(
            notifications.join(services, s.id == n.service_id).join(
                templates_history, and_(th.id == n.template_id, th.version == n.template_version)
            )
        )
        .where(n.notification_type.in_(("sms", "email")), never_attempted_or_retry_lost)
        .order_by(n.created_at)
        .limit(limit)
    )
    rows = (await connection.execute(query)).all()
    return [
        ReplayItem(row.id, row.notification_type, row.key_type, row.service_id, bool(row.research_mode),
                   row.process_type or "normal")
        for row in rows
    ]  # fmt: skip


async def time_out_sending(
    connection: AsyncConnection, *, created_before: datetime, now: datetime, limit: int
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Up to ``limit`` SMS/email still sending or pending, created before the cut-off, become
    ``temporary-failure``; returns (notification id, service id) of each."""
    stuck = (
        select(n.id)
        .where(
            n.notification_type.in_(("sms", "email")),
            n.notification_status.in_((SENDING, "pending")),
            n.created_at < created_before,
        )
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(notifications)
        .where(n.id.in_(stuck))
        .values(notification_status="temporary-failure", updated_at=now)
        .returning(n.id, n.service_id)
    )
    rows = (await connection.execute(statement)).all()
    return [(uuid.UUID(str(row.id)), uuid.UUID(str(row.service_id))) for row in rows]


async def research_sms_number(connection: AsyncConnection, notification_id: uuid.UUID) -> str | None:
    """The number a research-mode text was sent to, for its fake receipt."""
    n = notifications.c
    query = select(n.normalised_to, n.to).where(n.id == notification_id)
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else str(row.normalised_to or row.to)
