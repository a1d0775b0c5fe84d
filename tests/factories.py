"""Factories: insert rows with sensible defaults on a test's connection and hand back what tests need.

Every factory takes the test's ``AsyncConnection`` (rolled back after the test), so rows never leak.
Secrets (API keys, bearer tokens, personalisation, inbound content) are encrypted exactly as the app stores
them; pass ``encryption=Encryption(settings.secret_key)`` if a test uses a non-default SECRET_KEY.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption, hash_secret
from notify_api.db import tables as t
from notify_api.settings import Settings

DEFAULT_USER_PERMISSIONS = (
    "manage_users",
    "manage_templates",
    "manage_settings",
    "send_texts",
    "send_emails",
    "send_letters",
    "manage_api_keys",
    "view_activity",
)
DEFAULT_SERVICE_PERMISSIONS = (
    "sms",
    "email",
    "letter",
    "international_sms",
    "upload_letters",
    "international_letters",
)
DEFAULT_CONTENT = {"sms": "Dear Sir/Madam, Hello. Yours Truly, The Government.", "email": "Hello ((name))"}


@dataclass(frozen=True)
class CreatedUser:
    id: uuid.UUID
    name: str
    email_address: str
    mobile_number: str | None
    password: str


@dataclass(frozen=True)
class CreatedService:
    id: uuid.UUID
    name: str
    email_from: str
    created_by_id: uuid.UUID


@dataclass(frozen=True)
class CreatedApiKey:
    id: uuid.UUID
    secret: str  # plaintext, as the client holds it
    service_id: uuid.UUID
    key_type: str


@dataclass(frozen=True)
class CreatedTemplate:
    id: uuid.UUID
    version: int
    template_type: str
    service_id: uuid.UUID
    name: str


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:10]}"


def default_encryption() -> Encryption:
    return Encryption(Settings().secret_key)


async def _insert(conn: AsyncConnection, table: Any, **values: Any) -> uuid.UUID:
    row_id = values.setdefault("id", uuid.uuid4())
    await conn.execute(table.insert().values(**values))
    return uuid.UUID(str(row_id))


async def _service_creator(conn: AsyncConnection, service_id: uuid.UUID) -> uuid.UUID:
    result = await conn.execute(select(t.services.c.created_by_id).where(t.services.c.id == service_id))
    return uuid.UUID(str(result.scalar_one()))


async def create_user(
    conn: AsyncConnection,
    *,
    name: str = "Test User",
    email_address: str | None = None,
    mobile_number: str | None = "+447700900986",
    password: str = "password",
    state: str = "active",
    platform_admin: bool = False,
    auth_type: str = "sms_auth",
) -> CreatedUser:
    email_address = email_address or f"notify-{uuid.uuid4().hex[:10]}@digital.cabinet-office.gov.uk"
    user_id = await _insert(
        conn,
        t.users,
        name=name,
        email_address=email_address,
        mobile_number=mobile_number,
        _password=hash_secret(password),
        state=state,
        platform_admin=platform_admin,
        auth_type=auth_type,
    )
    return CreatedUser(user_id, name, email_address, mobile_number, password)


async def create_organisation(
    conn: AsyncConnection,
    *,
    name: str | None = None,
    organisation_type: str | None = "central",
    crown: bool | None = True,
    active: bool = True,
    domains: Iterable[str] = (),
    email_branding_id: uuid.UUID | None = None,
    letter_branding_id: uuid.UUID | None = None,
    agreement_signed: bool | None = None,
) -> uuid.UUID:
    organisation_id = await _insert(
        conn,
        t.organisation,
        name=name or _unique("Test organisation"),
        organisation_type=organisation_type,
        crown=crown,
        active=active,
        email_branding_id=email_branding_id,
        letter_branding_id=letter_branding_id,
        agreement_signed=agreement_signed,
    )
    for domain in domains:
        await conn.execute(t.domain.insert().values(domain=domain, organisation_id=organisation_id))
    return organisation_id


async def add_user_to_service(
    conn: AsyncConnection,
    user_id: uuid.UUID,
    service_id: uuid.UUID,
    permissions: Iterable[str] = DEFAULT_USER_PERMISSIONS,
) -> None:
    await conn.execute(t.user_to_service.insert().values(user_id=user_id, service_id=service_id))
    rows = [
        {"service_id": service_id, "user_id": user_id, "permission": p, "id": uuid.uuid4()}
        for p in permissions
    ]
    if rows:
        await conn.execute(t.permissions.insert(), rows)


async def create_service(
    conn: AsyncConnection,
    *,
    user_id: uuid.UUID | None = None,
    name: str | None = None,
    email_from: str | None = None,
    restricted: bool = False,
    active: bool = True,
    research_mode: bool = False,
    message_limit: int = 1000,
    rate_limit: int = 3000,
    prefix_sms: bool = True,
    count_as_live: bool = True,
    organisation_id: uuid.UUID | None = None,
    organisation_type: str | None = "central",
    permissions: Iterable[str] = DEFAULT_SERVICE_PERMISSIONS,
    sms_sender: str = "testing",
    free_sms_fragment_limit: int = 250000,
    financial_year_start: int | None = None,
) -> CreatedService:
    """A service as the admin API creates it: history v1, permissions, sender, allowance, a member."""
    if user_id is None:
        user_id = (await create_user(conn)).id
    name = name or _unique("Test service")
    email_from = email_from or name.lower().replace(" ", ".")
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": name,
        "created_at": _now(),
        "active": active,
        "message_limit": message_limit,
        "restricted": restricted,
        "research_mode": research_mode,
        "email_from": email_from,
        "created_by_id": user_id,
        "prefix_sms": prefix_sms,
        "organisation_type": organisation_type,
        "rate_limit": rate_limit,
        "count_as_live": count_as_live,
        "organisation_id": organisation_id,
        "version": 1,
    }
    service_id = await _insert(conn, t.services, **values)
    await conn.execute(t.services_history.insert().values(**values))
    permission_rows = [{"service_id": service_id, "permission": p} for p in permissions]
    if permission_rows:
        await conn.execute(t.service_permissions.insert(), permission_rows)
    await create_sms_sender(conn, service_id, sms_sender=sms_sender)
    now = _now()
    year = financial_year_start or (now.year if now.month >= 4 else now.year - 1)
    await _insert(
        conn,
        t.annual_billing,
        service_id=service_id,
        financial_year_start=year,
        free_sms_fragment_limit=free_sms_fragment_limit,
    )
    await add_user_to_service(conn, user_id, service_id)
    return CreatedService(service_id, name, email_from, user_id)


async def create_api_key(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    key_type: str = "normal",
    secret: str | None = None,
    *,
    name: str | None = None,
    encryption: Encryption | None = None,
    created_by_id: uuid.UUID | None = None,
    expiry_date: datetime | None = None,
) -> CreatedApiKey:
    """Returns the plaintext secret; the row holds it encrypted, with a version-1 history row."""
    secret = secret or str(uuid.uuid4())
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": name or _unique(f"{key_type} api key"),
        "secret": (encryption or default_encryption()).encrypt(secret),
        "service_id": service_id,
        "key_type": key_type,
        "expiry_date": expiry_date,
        "created_at": _now(),
        "created_by_id": created_by_id or await _service_creator(conn, service_id),
        "version": 1,
    }
    key_id = await _insert(conn, t.api_keys, **values)
    await conn.execute(t.api_keys_history.insert().values(**values))
    return CreatedApiKey(key_id, secret, service_id, key_type)


async def create_template(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    *,
    template_type: str = "sms",
    name: str | None = None,
    content: str | None = None,
    subject: str | None = None,
    archived: bool = False,
    hidden: bool = False,
    postage: str | None = None,
    process_type: str = "normal",
    service_letter_contact_id: uuid.UUID | None = None,
    created_by_id: uuid.UUID | None = None,
    folder_id: uuid.UUID | None = None,
) -> CreatedTemplate:
    name = name or _unique(f"{template_type} template")
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "name": name,
        "template_type": template_type,
        "created_at": _now(),
        "content": content or DEFAULT_CONTENT.get(template_type, "Dear ((name)), this is a letter."),
        "archived": archived,
        "hidden": hidden,
        "subject": subject if subject or template_type == "sms" else f"Subject for {template_type}",
        "postage": postage or ("second" if template_type == "letter" else None),
        "service_id": service_id,
        "created_by_id": created_by_id or await _service_creator(conn, service_id),
        "process_type": process_type,
        "service_letter_contact_id": service_letter_contact_id,
        "version": 1,
    }
    template_id = await _insert(conn, t.templates, **values)
    await conn.execute(t.templates_history.insert().values(**values))
    if folder_id is not None:
        await conn.execute(
            t.template_folder_map.insert().values(template_id=template_id, template_folder_id=folder_id)
        )
    return CreatedTemplate(template_id, 1, template_type, service_id, name)


async def create_job(
    conn: AsyncConnection,
    template: CreatedTemplate,
    *,
    original_file_name: str = "some.csv",
    notification_count: int = 1,
    job_status: str = "pending",
    created_at: datetime | None = None,
    scheduled_for: datetime | None = None,
    processing_started: datetime | None = None,
    processing_finished: datetime | None = None,
    created_by_id: uuid.UUID | None = None,
    archived: bool = False,
    contact_list_id: uuid.UUID | None = None,
) -> uuid.UUID:
    return await _insert(
        conn,
        t.jobs,
        original_file_name=original_file_name,
        service_id=template.service_id,
        template_id=template.id,
        template_version=template.version,
        created_at=created_at or _now(),
        notification_count=notification_count,
        job_status=job_status,
        scheduled_for=scheduled_for,
        processing_started=processing_started,
        processing_finished=processing_finished,
        created_by_id=created_by_id or await _service_creator(conn, template.service_id),
        archived=archived,
        contact_list_id=contact_list_id,
    )


async def create_notification(
    conn: AsyncConnection,
    template: CreatedTemplate,
    *,
    to: str | None = None,
    status: str = "created",
    key_type: str = "normal",
    api_key_id: uuid.UUID | None = None,
    job_id: uuid.UUID | None = None,
    job_row_number: int | None = None,
    created_at: datetime | None = None,
    sent_at: datetime | None = None,
    sent_by: str | None = None,
    updated_at: datetime | None = None,
    reference: str | None = None,
    client_reference: str | None = None,
    personalisation: Mapping[str, Any] | None = None,
    billable_units: int = 1,
    international: bool = False,
    rate_multiplier: float | None = 1.0,
    reply_to_text: str | None = None,
    postage: str | None = None,
    created_by_id: uuid.UUID | None = None,
    encryption: Encryption | None = None,
) -> uuid.UUID:
    """A notification row; personalisation is stored encrypted as JSON (``Encryption.encrypt_json``)."""
    notification_type = template.template_type
    if to is None:
        to = {"sms": "+447700900855", "email": "test@example.com"}.get(notification_type, "1 Test Street")
    return await _insert(
        conn,
        t.notifications,
        to=to,
        normalised_to=to.lower().lstrip("+") if notification_type != "letter" else None,
        job_id=job_id,
        job_row_number=job_row_number,
        service_id=template.service_id,
        template_id=template.id,
        template_version=template.version,
        api_key_id=api_key_id,
        key_type=key_type,
        billable_units=billable_units,
        notification_type=notification_type,
        created_at=created_at or _now(),
        sent_at=sent_at,
        sent_by=sent_by,
        updated_at=updated_at,
        notification_status=status,
        reference=reference,
        client_reference=client_reference,
        _personalisation=(encryption or default_encryption()).encrypt_json(dict(personalisation or {})),
        international=international,
        phone_prefix="44" if notification_type == "sms" else None,
        rate_multiplier=rate_multiplier if notification_type == "sms" else None,
        created_by_id=created_by_id,
        reply_to_text=reply_to_text,
        postage=postage or ("second" if notification_type == "letter" else None),
    )


async def create_inbound_number(
    conn: AsyncConnection,
    *,
    number: str | None = None,
    provider: str = "mmg",
    active: bool = True,
    service_id: uuid.UUID | None = None,
) -> uuid.UUID:
    number = number or f"07{uuid.uuid4().int % 10**9:09d}"
    return await _insert(
        conn, t.inbound_numbers, number=number, provider=provider, active=active, service_id=service_id
    )


async def create_inbound_sms(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    *,
    notify_number: str = "07900900123",
    user_number: str = "447700900111",
    content: str = "Hello",
    provider: str = "mmg",
    provider_reference: str | None = "SOME-MMG-SPECIFIC-ID",
    provider_date: datetime | None = None,
    created_at: datetime | None = None,
    encryption: Encryption | None = None,
) -> uuid.UUID:
    return await _insert(
        conn,
        t.inbound_sms,
        service_id=service_id,
        notify_number=notify_number,
        user_number=user_number,
        content=(encryption or default_encryption()).encrypt(content),
        provider=provider,
        provider_reference=provider_reference,
        provider_date=provider_date or _now(),
        created_at=created_at or _now(),
    )


async def _make_only_default(conn: AsyncConnection, table: Any, service_id: uuid.UUID) -> None:
    """A new default replaces the old one, as the admin API does."""
    await conn.execute(update(table).where(table.c.service_id == service_id).values(is_default=False))


async def create_sms_sender(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    *,
    sms_sender: str = "testing",
    is_default: bool = True,
    inbound_number_id: uuid.UUID | None = None,
    archived: bool = False,
) -> uuid.UUID:
    if is_default:
        await _make_only_default(conn, t.service_sms_senders, service_id)
    return await _insert(
        conn,
        t.service_sms_senders,
        service_id=service_id,
        sms_sender=sms_sender,
        is_default=is_default,
        inbound_number_id=inbound_number_id,
        archived=archived,
    )


async def create_reply_to(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    *,
    email_address: str = "test@example.com",
    is_default: bool = True,
    archived: bool = False,
) -> uuid.UUID:
    if is_default:
        await _make_only_default(conn, t.service_email_reply_to, service_id)
    return await _insert(
        conn,
        t.service_email_reply_to,
        service_id=service_id,
        email_address=email_address,
        is_default=is_default,
        archived=archived,
    )


async def create_letter_contact(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    *,
    contact_block: str = "London,\nNW1A 1AA",
    is_default: bool = True,
    archived: bool = False,
) -> uuid.UUID:
    if is_default:
        await _make_only_default(conn, t.service_letter_contacts, service_id)
    return await _insert(
        conn,
        t.service_letter_contacts,
        service_id=service_id,
        contact_block=contact_block,
        is_default=is_default,
        archived=archived,
    )


async def _create_versioned_callback(
    conn: AsyncConnection, table: Any, history: Any, values: dict[str, Any], encryption: Encryption | None
) -> uuid.UUID:
    values = {**values, "id": uuid.uuid4(), "created_at": _now(), "version": 1}
    values["bearer_token"] = (encryption or default_encryption()).encrypt(values["bearer_token"])
    await conn.execute(table.insert().values(**values))
    await conn.execute(history.insert().values(**values))
    return uuid.UUID(str(values["id"]))


async def create_callback_api(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    *,
    url: str = "https://something.com",
    bearer_token: str = "some_super_secret",
    callback_type: str = "delivery_status",
    updated_by_id: uuid.UUID | None = None,
    encryption: Encryption | None = None,
) -> uuid.UUID:
    """A delivery-status (or complaint) callback; the bearer token is stored encrypted."""
    values = {
        "service_id": service_id,
        "url": url,
        "bearer_token": bearer_token,
        "callback_type": callback_type,
        "updated_by_id": updated_by_id or await _service_creator(conn, service_id),
    }
    return await _create_versioned_callback(
        conn, t.service_callback_api, t.service_callback_api_history, values, encryption
    )


async def create_inbound_api(
    conn: AsyncConnection,
    service_id: uuid.UUID,
    *,
    url: str = "https://something.com",
    bearer_token: str = "some_super_secret",
    updated_by_id: uuid.UUID | None = None,
    encryption: Encryption | None = None,
) -> uuid.UUID:
    """The URL received text messages are forwarded to; the bearer token is stored encrypted."""
    values = {
        "service_id": service_id,
        "url": url,
        "bearer_token": bearer_token,
        "updated_by_id": updated_by_id or await _service_creator(conn, service_id),
    }
    return await _create_versioned_callback(
        conn, t.service_inbound_api, t.service_inbound_api_history, values, encryption
    )
