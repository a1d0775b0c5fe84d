"""What a caller asks to send, the state a send gathers as it passes the pipeline's steps, and the result."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from notify_api.enums import CREATED
from notify_api.notifications.types import NewNotification
from notify_api.rendering import EmailTemplate, LetterTemplate, SmsTemplate
from notify_api.runtime import Runtime
from notify_api.services.types import ServiceSummary
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import utc_now


class Origin(Enum):
    """Who asked: each origin answers some failures with its own words (see the pipeline's steps)."""

    PUBLIC_API = "public-api"
    ONE_OFF = "one-off"
    JOB = "job"  # a row of a CSV job (the admin's upload or the bulk API)


@dataclass(frozen=True, slots=True)
class SendRequest:
    """One message to send, already parsed from its caller's input format."""

    origin: Origin
    service: ServiceSummary
    notification_type: str
    template_id: uuid.UUID | None  # None for a precompiled letter
    personalisation: dict[str, Any]
    key_type: str
    recipient: str = ""  # templated letters take the address from the personalisation
    api_key_id: uuid.UUID | None = None
    client_reference: str | None = None
    sender_id: uuid.UUID | None = None
    created_by_id: uuid.UUID | None = None
    precompiled_pdf: str | None = None  # base64, as posted; only precompiled letters
    postage: str | None = None  # only precompiled letters choose it
    job_id: uuid.UUID | None = None
    job_row_number: int | None = None
    idempotency: IdempotentAnswer | None = None  # public API sends with an Idempotency-Key


@dataclass(frozen=True, slots=True)
class IdempotentAnswer:
    """An Idempotency-Key to take as the notification is stored, and the answer a retry with it gets."""

    key: str
    fingerprint: str
    answer: Callable[[Accepted], tuple[int, bytes]]  # the caller's (status, body) for the accepted send
    expired_before: datetime  # a key taken before this has expired and may be taken again


class KeyHeldElsewhere(Exception):
    """Another request took the Idempotency-Key first: this send stored nothing."""


@dataclass(slots=True)
class Send:
    """The working state of one send: each step reads what earlier steps found and adds its own part."""

    runtime: Runtime
    request: SendRequest
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    counted: bool = False  # counted against today's limit, to be given back if the send goes no further
    template: TemplateRecord | None = None
    renderer: SmsTemplate | EmailTemplate | LetterTemplate | None = None
    to: str = ""
    normalised_to: str | None = None
    reply_to_text: str | None = None
    international: bool = False
    phone_prefix: str | None = None
    rate_multiplier: float | None = None
    document_download_count: int | None = None
    reference: str | None = None
    postage: str | None = None
    status: str = CREATED
    simulated: bool = False  # a normal answer, but never stored, sent or counted
    enqueue: bool = True  # False for rows that are finished as soon as they are stored
    task: tuple[str, str] | None = None  # (actor, queue) when it is not the usual delivery route
    pdf: bytes | None = None
    body: str = ""
    subject: str | None = None

    @property
    def service(self) -> ServiceSummary:
        return self.request.service

    @property
    def personalisation(self) -> dict[str, Any]:
        return self.request.personalisation

    def notification(self) -> NewNotification:
        template = self.template
        assert template is not None
        now = utc_now()
        request = self.request
        return NewNotification(
            id=self.id,
            service_id=request.service.id,
            template_id=template.id,
            template_version=template.version,
            notification_type=request.notification_type,
            to=self.to,
            normalised_to=self.normalised_to,
            personalisation=request.personalisation or None,
            key_type=request.key_type,
            api_key_id=request.api_key_id,
            created_at=now,
            status=self.status,
            client_reference=request.client_reference,
            reference=self.reference,
            reply_to_text=self.reply_to_text,
            created_by_id=request.created_by_id,
            international=self.international,
            phone_prefix=self.phone_prefix,
            rate_multiplier=self.rate_multiplier,
            postage=self.postage,
            document_download_count=self.document_download_count,
            job_id=request.job_id,
            job_row_number=request.job_row_number,
            updated_at=None if self.enqueue else now,  # a row finished at once was also updated
        )


@dataclass(frozen=True, slots=True)
class Accepted:
    """What the caller answers with once a send is accepted."""

    id: uuid.UUID
    client_reference: str | None
    template: TemplateRecord
    body: str
    subject: str | None
    reply_to_text: str | None
    postage: str | None
