"""Rules for contact lists: the admin site puts the file in the contact-list bucket, then saves the list here;
deleting a list archives it and removes its file."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.contact_lists import queries
from notify_api.contact_lists.types import ContactList, NewContactList
from notify_api.enums import EMAIL, SMS
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.services.queries.reads import service_exists
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from notify_api.users.queries.accounts import user_exists
from notify_api.validation import validate
from notify_api.validation.schemas import UUID

CREATE_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "id": UUID,
        "original_file_name": {"type": "string"},
        "row_count": {"type": "integer"},
        "template_type": {"enum": [EMAIL, SMS]},
        "created_by": UUID,
    },
    "required": ["id", "original_file_name", "row_count", "template_type", "created_by"],
}


def contact_list_file_key(service_id: uuid.UUID, contact_list_id: uuid.UUID) -> str:
    return f"service-{service_id}-notify/{contact_list_id}.csv"


async def create_contact_list(
    connection: AsyncConnection, service_id: uuid.UUID, body: dict[str, Any]
) -> ContactList:
    validate(body, CREATE_SCHEMA)
    if not await service_exists(connection, service_id):
        raise NotFoundError()
    created_by_id = uuid.UUID(body["created_by"])
    if not await user_exists(connection, created_by_id):
        raise InvalidRequest({"created_by": ["Not a valid user"]}, 400)
    new = NewContactList(
        id=uuid.UUID(body["id"]),
        service_id=service_id,
        original_file_name=body["original_file_name"],
        row_count=body["row_count"],
        template_type=body["template_type"],
        created_by_id=created_by_id,
        created_at=utc_now(),
    )
    if not await queries.insert_contact_list(connection, new):
        raise InvalidRequest({"id": [f"Contact list {new.id} already exists"]}, 400)
    saved = await queries.contact_list(connection, service_id, new.id)
    assert saved is not None
    return saved


async def get_contact_list(
    connection: AsyncConnection, service_id: uuid.UUID, contact_list_id: uuid.UUID
) -> ContactList:
    found = await queries.contact_list(connection, service_id, contact_list_id)
    if found is None:
        raise NotFoundError()
    return found


async def archive_contact_list(
    connection: AsyncConnection, service_id: uuid.UUID, contact_list_id: uuid.UUID
) -> None:
    if not await queries.archive_contact_list(connection, service_id, contact_list_id):
        raise NotFoundError()


async def remove_contact_list_file(
    settings: Settings, service_id: uuid.UUID, contact_list_id: uuid.UUID
) -> None:
    """Delete the list's file (S3 answers a delete of a missing key with success, so this is idempotent)."""
    await ObjectStore(settings).delete(
        settings.contact_list_bucket, contact_list_file_key(service_id, contact_list_id)
    )
