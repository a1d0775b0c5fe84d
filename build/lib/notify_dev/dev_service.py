"""``create-dev-service``: a ready-to-use live service for local development.

Creates a user, a live service with sms, email, letter and international permissions, one API key of each
type, one template of each type using ``((name))``, an email reply-to and an SMS sender, and returns them as
one JSON-ready dict, with the API keys in Notify's ``{name}-{service_id}-{secret}`` form.

Everything is made by the domain operations the admin API calls, so the service is what the admin would
have made (history rows, default sender, billing, member permissions) and stays so when those rules change.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.api_keys import operations as api_keys
from notify_api.api_keys.queries import load_usable_api_keys
from notify_api.crypto import Encryption
from notify_api.db.database import Database, UnitOfWork, create_database
from notify_api.enums import KEY_TYPES
from notify_api.senders import operations as senders
from notify_api.senders.queries import get_default
from notify_api.senders.types import REPLY_TO, SMS_SENDER
from notify_api.services import operations as services
from notify_api.services.queries.reads import get_service_record
from notify_api.settings import Settings
from notify_api.templates import operations as template_operations
from notify_api.templates.queries import admin as templates
from notify_api.timeutils import utc_now
from notify_api.users import inputs as user_inputs
from notify_api.users import operations as users
from notify_api.users.queries import accounts as user_queries
from notify_dev.queries import service_id_named

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
TEMPLATES: dict[str, dict[str, Any]] = {
    "sms": {"content": "Hello ((name)), this is a test text message from your development service."},
    "email": {"subject": "Hello ((name))", "content": "Hello ((name)),\n\nThis is a test email."},
    "letter": {
        "subject": "A letter for ((name))",
        "content": "Dear ((name)),\n\nThis is a test letter.",
        "postage": "second",
    },
}

_T = TypeVar("_T")


def key_string(name: str, service_id: uuid.UUID, secret: str) -> str:
    return f"{name}-{service_id}-{secret}"


async def _create_user(connection: AsyncConnection) -> uuid.UUID:
    new = user_inputs.new_user(
        {
            "name": "Development user",
            "email_address": USER_EMAIL,
            "mobile_number": "07700900986",
            "password": uuid.uuid4().hex,
            "auth_type": "email_auth",
        }
    )
    user = await users.activate_user(connection, await users.create_user(connection, new))
    # Platform admin is not something the admin API grants (it is set in the database), so set it here;
    # before the service is made, so the service does not count as live.
    await user_queries.update_user(connection, user.id, {"platform_admin": True})
    return user.id


async def _create(work: UnitOfWork, encryption: Encryption, settings: Settings) -> uuid.UUID:
    connection = work.connection
    user_id = str(await _create_user(connection))
    service = {
        "name": SERVICE_NAME,
        "user_id": user_id,
        "created_by": user_id,
        "message_limit": 250_000,
        "rate_limit": 3000,
        "restricted": False,
        "email_from": "development.service",
        "permissions": list(SERVICE_PERMISSIONS),
    }
    service_id = await services.create_service(work, service, settings.from_number)
    await senders.add_sender(
        connection, REPLY_TO, service_id, {"email_address": USER_EMAIL, "is_default": True}
    )
    for template_type, fields in TEMPLATES.items():
        template = {
            "name": f"Development {template_type} template",
            "template_type": template_type,
            "service": str(service_id),
            "created_by": user_id,
            **fields,
        }
        await template_operations.create_template(connection, service_id, template)
    for key_type in KEY_TYPES:
        key = {"name": f"dev_{key_type}_key", "key_type": key_type, "created_by": user_id}
        await api_keys.create_api_key(connection, encryption, service_id, key)
    return service_id


def _required(value: _T | None, what: str) -> _T:
    if value is None:
        raise RuntimeError(f"the development service has no {what}")
    return value


async def describe(
    connection: AsyncConnection, encryption: Encryption, service_id: uuid.UUID
) -> dict[str, Any]:
    record = _required(await get_service_record(connection, service_id), "row")
    secrets = {
        key.id: key.secret
        for key in await load_usable_api_keys(connection, service_id, encryption, utc_now())
    }
    live_keys = [
        key for key in await api_keys.list_api_keys(connection, service_id) if key.expiry_date is None
    ]
    found_templates = await templates.list_templates(connection, service_id)
    reply_to = _required(await get_default(connection, REPLY_TO, service_id), "default email reply-to")
    sender = _required(await get_default(connection, SMS_SENDER, service_id), "default SMS sender")
    return {
        "service_id": str(service_id),
        "api_keys": {key.key_type: key_string(key.name, service_id, secrets[key.id]) for key in live_keys},
        "templates": {template.template_type: str(template.id) for template in found_templates},
        "email_reply_to_id": str(reply_to.id),
        "sms_sender_id": str(sender.id),
        "user_id": str(record.columns["created_by_id"]),
    }


async def create_dev_service_with(database: Database, settings: Settings, *, reuse: bool) -> dict[str, Any]:
    encryption = Encryption(settings.secret_keys)
    async with database.unit_of_work() as work:
        existing = await service_id_named(work.connection, SERVICE_NAME)
        if existing is not None and not reuse:
            raise RuntimeError(f"a service called {SERVICE_NAME!r} exists already: use --reuse to print it")
        service_id = existing or await _create(work, encryption, settings)
        return await describe(work.connection, encryption, service_id)


async def create_dev_service(settings: Settings, *, reuse: bool) -> dict[str, Any]:
    database = create_database(settings, pool_size=1)
    try:
        return await create_dev_service_with(database, settings, reuse=reuse)
    finally:
        await database.dispose()
