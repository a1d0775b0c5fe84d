"""``create-dev-service``: a ready-to-use live service for local development.

Creates a user, a live service with sms, email, letter and international permissions, one API key of each
type, one template of each type using ``((name))``, an email reply-to and an SMS sender, and returns them as
one JSON-ready dict, with the API keys in Notify's ``{name}-{service_id}-{secret}`` form.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption, hash_secret
from notify_api.db.database import Database, create_database
from notify_api.db.tables.api_keys import api_keys, api_keys_history
from notify_api.db.tables.billing import annual_billing
from notify_api.db.tables.memberships import permissions, user_to_service
from notify_api.db.tables.senders import service_email_reply_to, service_sms_senders
from notify_api.db.tables.services import service_permissions, services, services_history
from notify_api.db.tables.templates import templates, templates_history
from notify_api.db.tables.users import users
from notify_api.settings import Settings
from notify_api.timeutils import utc_now

SERVICE_NAME = "Development service"
USER_EMAIL = "dev.user@example.gov.uk"
SERVICE_PERMISSIONS = (
    "sms",
    "email",
    "letter",
    "international_sms",
    "international_letters",
    "upload_letters",
)
USER_PERMISSIONS = (
    "manage_users",
    "manage_templates",
    "manage_settings",
    "send_texts",
    "send_emails",
    "send_letters",
    "manage_api_keys",
    "view_activity",
)
KEY_TYPES = ("normal", "team", "test")
TEMPLATES: dict[str, dict[str, Any]] = {
    "sms": {"content": "Hello ((name)), this is a test text message from your development service."},
    "email": {"subject": "Hello ((name))", "content": "Hello ((name)),\n\nThis is a test email."},
    "letter": {
        "subject": "A letter for ((name))",
        "content": "Dear ((name)),\n\nThis is a test letter.",
        "postage": "second",
    },
}


def key_string(name: str, service_id: uuid.UUID, secret: str) -> str:
    return f"{name}-{service_id}-{secret}"


async def _create(connection: AsyncConnection, encryption: Encryption, settings: Settings) -> uuid.UUID:
    now = utc_now()
    user_id, service_id = uuid.uuid4(), uuid.uuid4()
    await connection.execute(
        insert(users).values(
            id=user_id,
            name="Development user",
            email_address=USER_EMAIL,
            created_at=now,
            _password=hash_secret(uuid.uuid4().hex),
            mobile_number="07700900986",
            password_changed_at=now,
            failed_login_count=0,
            state="active",
            platform_admin=True,
            auth_type="email_auth",
            email_access_validated_at=now,
        )
    )
    service = {
        "id": service_id,
        "name": SERVICE_NAME,
        "created_at": now,
        "active": True,
        "message_limit": 250_000,
        "restricted": False,
        "research_mode": False,
        "email_from": "development.service",
        "created_by_id": user_id,
        "prefix_sms": True,
        "rate_limit": 3000,
        "count_as_live": False,
        "version": 1,
    }
    await connection.execute(insert(services).values(**service))
    await connection.execute(insert(services_history).values(**service))
    await connection.execute(
        insert(service_permissions),
        [{"service_id": service_id, "permission": p, "created_at": now} for p in SERVICE_PERMISSIONS],
    )
    await connection.execute(insert(user_to_service).values(user_id=user_id, service_id=service_id))
    await connection.execute(
        insert(permissions),
        [
            {
                "id": uuid.uuid4(),
                "service_id": service_id,
                "user_id": user_id,
                "permission": p,
                "created_at": now,
            }
            for p in USER_PERMISSIONS
        ],
    )
    await connection.execute(
        insert(annual_billing).values(
            id=uuid.uuid4(),
            service_id=service_id,
            free_sms_fragment_limit=250_000,
            financial_year_start=now.year if now.month >= 4 else now.year - 1,
            created_at=now,
        )
    )
    await connection.execute(
        insert(service_sms_senders).values(
            id=uuid.uuid4(),
            sms_sender=settings.from_number[:11],
            service_id=service_id,
            is_default=True,
            archived=False,
            created_at=now,
        )
    )
    await connection.execute(
        insert(service_email_reply_to).values(
            id=uuid.uuid4(),
            service_id=service_id,
            email_address=USER_EMAIL,
            is_default=True,
            archived=False,
            created_at=now,
        )
    )
    for template_type, fields in TEMPLATES.items():
        template = {
            "id": uuid.uuid4(),
            "name": f"Development {template_type} template",
            "template_type": template_type,
            "created_at": now,
            "archived": False,
            "hidden": False,
            "service_id": service_id,
            "created_by_id": user_id,
            "process_type": "normal",
            "version": 1,
            "subject": None,
            "postage": None,
            **fields,
        }
        await connection.execute(insert(templates).values(**template))
        await connection.execute(insert(templates_history).values(**template))
    for key_type in KEY_TYPES:
        key = {
            "id": uuid.uuid4(),
            "name": f"dev_{key_type}_key",
            "secret": encryption.encrypt(str(uuid.uuid4())),
            "service_id": service_id,
            "key_type": key_type,
            "created_at": now,
            "created_by_id": user_id,
            "version": 1,
        }
        await connection.execute(insert(api_keys).values(**key))
        await connection.execute(insert(api_keys_history).values(**key))
    return service_id


async def describe(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID
) -> dict[str, Any]:
    service = (await connection.execute(select(services).where(services.c.id == service_id))).one()
    keys = (
        await connection.execute(
            select(api_keys).where(api_keys.c.service_id == service_id, api_keys.c.expiry_date.is_(None))
        )
    ).all()
    found_templates = (
        await connection.execute(
            select(templates.c.id, templates.c.template_type).where(
                templates.c.service_id == service_id,
                templates.c.archived.is_(False),
                templates.c.hidden.is_(False),
            )
        )
    ).all()
    sender = await connection.execute(
        select(service_sms_senders.c.id).where(
            service_sms_senders.c.service_id == service_id, service_sms_senders.c.is_default.is_(True)
        )
    )
    reply_to = await connection.execute(
        select(service_email_reply_to.c.id).where(
            service_email_reply_to.c.service_id == service_id, service_email_reply_to.c.is_default.is_(True)
        )
    )
    return {
        "service_id": str(service_id),
        "api_keys": {
            key.key_type: key_string(key.name, service_id, encryption.decrypt(key.secret))
            for key in sorted(keys, key=lambda key: key.created_at)
        },
        "templates": {str(t.template_type): str(t.id) for t in found_templates},
        "email_reply_to_id": str(reply_to.scalar_one()),
        "sms_sender_id": str(sender.scalar_one()),
        "user_id": str(service.created_by_id),
    }


async def create_dev_service_with(database: Database, settings: Settings, *, reuse: bool) -> dict[str, Any]:
    encryption = Encryption(settings.secret_key)
    async with database.transaction() as connection:
        existing = (
            await connection.execute(select(services.c.id).where(services.c.name == SERVICE_NAME))
        ).scalar_one_or_none()
        if existing is not None and not reuse:
            raise RuntimeError(f"a service called {SERVICE_NAME!r} exists already: use --reuse to print it")
        service_id = existing or await _create(connection, encryption, settings)
        return await describe(connection, encryption, service_id)


async def create_dev_service(settings: Settings, *, reuse: bool) -> dict[str, Any]:
    database = create_database(settings, pool_size=1)
    try:
        return await create_dev_service_with(database, settings, reuse=reuse)
    finally:
        await database.dispose()
