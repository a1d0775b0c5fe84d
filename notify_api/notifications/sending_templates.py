"""The hidden "Pre-compiled PDF" template each service's precompiled letters are recorded against."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import services
from notify_api.db.tables.templates import PRECOMPILED_TEMPLATE_NAME, templates, templates_history
from notify_api.templates.queries import get_template
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import utc_now


async def get_or_create_precompiled_template(
    connection: AsyncConnection, service_id: uuid.UUID
) -> TemplateRecord:
    existing = (
        await connection.execute(
            select(templates.c.id).where(
                templates.c.service_id == service_id,
                templates.c.hidden.is_(True),
                templates.c.name == PRECOMPILED_TEMPLATE_NAME,
                templates.c.template_type == "letter",
            )
        )
    ).scalar_one_or_none()
    if existing is None:
        creator = (
            await connection.execute(select(services.c.created_by_id).where(services.c.id == service_id))
        ).scalar_one()
        existing = uuid.uuid4()
        row = {
            "id": existing,
            "name": PRECOMPILED_TEMPLATE_NAME,
            "template_type": "letter",
            "created_at": utc_now(),
            "content": "",
            "archived": False,
            "hidden": True,
            "subject": PRECOMPILED_TEMPLATE_NAME,
            "postage": "second",
            "service_id": service_id,
            "created_by_id": creator,
            "process_type": "normal",
            "version": 1,
        }
        await connection.execute(insert(templates).values(**row))
        await connection.execute(insert(templates_history).values(**row))
    template = await get_template(connection, service_id, existing, include_hidden=True)
    assert template is not None
    return template
