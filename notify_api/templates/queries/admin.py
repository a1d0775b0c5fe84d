"""Template SQL for the admin API: detailed reads, version history, and writes that keep history in step.

``templates`` holds the current version and ``templates_history`` every version; each write that makes a
new version copies the saved row into history in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import fields
from typing import Any

from sqlalchemy import Row, Select, and_, false, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.senders import service_email_reply_to, service_letter_contacts, service_sms_senders
from notify_api.db.tables.templates import (
    template_folder_map,
    template_redacted,
    templates,
    templates_history,
)
from notify_api.db.tables.users import users
from notify_api.recipients.phone import try_format_sender
from notify_api.templates.admin_types import NewTemplate, TemplateAuthor, TemplateDetail, TemplateVersion
from notify_api.templates.types import MAX_VERSION
from notify_api.timeutils import utc_now


def _default_sender(table: Any, column: Any, service_id: Any) -> Any:
    return (
        select(column)
        .where(table.c.service_id == service_id, table.c.is_default.is_(True), table.c.archived.is_(False))
        .limit(1)
        .scalar_subquery()
    )


def _reply_to_text(row: Row[Any]) -> str | None:
    """What recipients see as the sender: the letter contact, or the default reply-to / SMS sender."""
    if row.template_type == "letter":
        return str(row.letter_contact_block) if row.letter_contact_block is not None else None
    if row.template_type == "email":
        return str(row.default_reply_to) if row.default_reply_to is not None else None
    if row.template_type == "sms":
        return try_format_sender(row.default_sms_sender) if row.default_sms_sender is not None else None
    return None


def _base_columns(table: Any) -> list[Any]:
    return [
        table.c.id,
        table.c.service_id,
        table.c.name,
        table.c.template_type,
        table.c.content,
        table.c.subject,
        table.c.version,
        table.c.archived,
        table.c.hidden,
        table.c.process_type,
        table.c.postage,
        table.c.service_letter_contact_id,
        table.c.created_at,
        table.c.updated_at,
        func.coalesce(template_redacted.c.redact_personalisation, false()).label("redact_personalisation"),
        service_letter_contacts.c.contact_block.label("letter_contact_block"),
        _default_sender(
            service_email_reply_to, service_email_reply_to.c.email_address, table.c.service_id
        ).label("default_reply_to"),
        _default_sender(service_sms_senders, service_sms_senders.c.sms_sender, table.c.service_id).label(
            "default_sms_sender"
        ),
    ]


def _joined(table: Any, query: Select[Any]) -> Select[Any]:
    return query.outerjoin(template_redacted, template_redacted.c.template_id == table.c.id).outerjoin(
        service_letter_contacts, service_letter_contacts.c.id == table.c.service_letter_contact_id
    )


_DETAIL = _joined(
    templates,
    select(
        *_base_columns(templates),
        templates.c.created_by_id,
        template_folder_map.c.template_folder_id.label("folder_id"),
    ).outerjoin(template_folder_map, template_folder_map.c.template_id == templates.c.id),
)

_VERSION = _joined(
    templates_history,
    select(
        *_base_columns(templates_history),
        users.c.id.label("author_id"),
        users.c.name.label("author_name"),
        users.c.email_address.label("author_email"),
    ).join(users, users.c.id == templates_history.c.created_by_id),
)

# Fields read straight from the row; the others are built from several columns.
_DETAIL_FIELDS = tuple(f.name for f in fields(TemplateDetail) if f.name != "reply_to_text")
_VERSION_FIELDS = tuple(
    f.name for f in fields(TemplateVersion) if f.name not in ("reply_to_text", "created_by")
)


def _detail(row: Row[Any]) -> TemplateDetail:
    mapping = row._mapping
    return TemplateDetail(
        **{name: mapping[name] for name in _DETAIL_FIELDS}, reply_to_text=_reply_to_text(row)
    )


def _version(row: Row[Any]) -> TemplateVersion:
    mapping = row._mapping
    return TemplateVersion(
        **{name: mapping[name] for name in _VERSION_FIELDS},
        created_by=TemplateAuthor(row.author_id, row.author_name, row.author_email),
        reply_to_text=_reply_to_text(row),
    )


async def get_template_detail(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    template_id: uuid.UUID,
    *,
    include_hidden: bool = False,
) -> TemplateDetail | None:
    """A service's visible (not hidden, unless asked for) template, archived or not."""
    query = _DETAIL.where(templates.c.id == template_id, templates.c.service_id == service_id)
    if not include_hidden:
        query = query.where(templates.c.hidden.is_(False))
    row = (await connection.execute(query)).one_or_none()
    return _detail(row) if row else None


async def list_templates(connection: AsyncConnection, service_id: uuid.UUID) -> list[TemplateDetail]:
    """Live templates of a service, by name then type."""
    query = _DETAIL.where(
        templates.c.service_id == service_id, templates.c.hidden.is_(False), templates.c.archived.is_(False)
    ).order_by(templates.c.name, templates.c.template_type)
    return [_detail(row) for row in await connection.execute(query)]


async def get_template_version(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID, version: int
) -> TemplateVersion | None:
    if not 0 < version <= MAX_VERSION:
        return None
    query = _VERSION.where(
        templates_history.c.id == template_id,
        templates_history.c.service_id == service_id,
        templates_history.c.version == version,
        templates_history.c.hidden.is_(False),
    )
    row = (await connection.execute(query)).one_or_none()
    return _version(row) if row else None


async def list_template_versions(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID
) -> list[TemplateVersion]:
    """Every saved version, newest first."""
    query = _VERSION.where(
        templates_history.c.id == template_id,
        templates_history.c.service_id == service_id,
        templates_history.c.hidden.is_(False),
    ).order_by(templates_history.c.version.desc())
    return [_version(row) for row in await connection.execute(query)]


async def _copy_to_history(connection: AsyncConnection, template_id: uuid.UUID) -> None:
    names = [column.name for column in templates_history.columns]
    source = select(*[templates.c[name] for name in names]).where(templates.c.id == template_id)
    await connection.execute(insert(templates_history).from_select(names, source))


async def insert_template(connection: AsyncConnection, new: NewTemplate) -> uuid.UUID:
    """Version 1 of a new template, its history row, its (off) redaction setting and its folder."""
    template_id = uuid.uuid4()
    await connection.execute(
        insert(templates).values(
            id=template_id,
            service_id=new.service_id,
            name=new.name,
            template_type=new.template_type,
            content=new.content,
            subject=new.subject,
            created_by_id=new.created_by_id,
            process_type=new.process_type,
            postage=new.postage,
            service_letter_contact_id=new.service_letter_contact_id,
            archived=False,
            hidden=False,
            version=1,
            created_at=utc_now(),
        )
    )
    await _copy_to_history(connection, template_id)
    await connection.execute(
        insert(template_redacted).values(
            template_id=template_id,
            redact_personalisation=False,
            updated_at=utc_now(),
            updated_by_id=new.created_by_id,
        )
    )
    if new.folder_id is not None:
        await set_template_folder(connection, template_id, new.folder_id)
    return template_id


async def save_new_version(
    connection: AsyncConnection, template_id: uuid.UUID, changes: dict[str, Any]
) -> None:
    """Apply ``changes`` as the next version and record it in history."""
    await connection.execute(
        update(templates)
        .where(templates.c.id == template_id)
        .values(**changes, version=templates.c.version + 1, updated_at=utc_now())
    )
    await _copy_to_history(connection, template_id)


async def set_template_folder(
    connection: AsyncConnection, template_id: uuid.UUID, folder_id: uuid.UUID | None
) -> None:
    """Put a template in a folder (or at the top level when ``folder_id`` is None)."""
    await connection.execute(
        template_folder_map.delete().where(template_folder_map.c.template_id == template_id)
    )
    if folder_id is not None:
        await connection.execute(
            insert(template_folder_map).values(template_id=template_id, template_folder_id=folder_id)
        )


async def redact_personalisation(
    connection: AsyncConnection, template_id: uuid.UUID, updated_by_id: uuid.UUID
) -> None:
    statement = pg_insert(template_redacted).values(
        template_id=template_id,
        redact_personalisation=True,
        updated_at=utc_now(),
        updated_by_id=updated_by_id,
    )
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[template_redacted.c.template_id],
            set_={"redact_personalisation": True, "updated_at": utc_now(), "updated_by_id": updated_by_id},
        )
    )


async def letter_contact_exists(
    connection: AsyncConnection, service_id: uuid.UUID, contact_id: uuid.UUID
) -> bool:
    query = select(service_letter_contacts.c.id).where(
        and_(service_letter_contacts.c.id == contact_id, service_letter_contacts.c.service_id == service_id)
    )
    return (await connection.execute(query)).first() is not None
