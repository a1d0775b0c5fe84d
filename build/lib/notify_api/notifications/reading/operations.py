"""Reading notifications through the public API: GET /v2/notifications/{id} and the paged list.

Bodies and subjects are rendered again from the template version and the stored personalisation. A page
fetches each template version once; a version without placeholders is rendered once per page and its
notifications' personalisation is not decrypted at all (letters still need it for the address lines).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.enums import LETTER
from notify_api.errors import NotFoundError
from notify_api.notifications.reading.public_view import (
    RenderedContent,
    Renderer,
    notification_json,
    renderer_for,
)
from notify_api.notifications.reading.queries import (
    ListFilters,
    StoredNotification,
    TemplateVersion,
    get_notification_with_template,
    get_template_versions,
    list_notifications_page,
)

API_PAGE_SIZE: Final = 250

_TemplateKey = tuple[uuid.UUID, int]


class NotificationRenderer:
    """Turns stored notifications into their public JSON, reusing work across one page."""

    def __init__(self, encryption: Encryption, host: str) -> None:
        self._encryption = encryption
        self._host = host
        self._renderers: dict[_TemplateKey, tuple[Renderer, bool]] = {}
        self._constant_content: dict[_TemplateKey, RenderedContent] = {}

    def _renderer(self, template: TemplateVersion) -> tuple[Renderer, bool]:
        """The template's renderer, and whether it has placeholders at all."""
        entry = self._renderers.get(template.key)
        if entry is None:
            renderer = renderer_for(template)
            entry = self._renderers[template.key] = (renderer, bool(renderer.placeholders))
        return entry

    def _personalisation(self, notification: StoredNotification) -> Mapping[str, Any]:
        token = notification.encrypted_personalisation
        values = self._encryption.decrypt_json(token) if token else None
        return values if isinstance(values, dict) else {}

    def to_json(self, notification: StoredNotification, template: TemplateVersion) -> dict[str, Any]:
        renderer, has_placeholders = self._renderer(template)
        if has_placeholders:
            personalisation = self._personalisation(notification)
            content = RenderedContent(renderer, personalisation)
        else:
            is_letter = notification.notification_type == LETTER
            personalisation = self._personalisation(notification) if is_letter else {}
            constant = self._constant_content.get(template.key)
            if constant is None:
                constant = self._constant_content[template.key] = RenderedContent(renderer, {})
            content = constant
        return notification_json(notification, template, content, personalisation, self._host)


async def get_notification(
    connection: AsyncConnection,
    encryption: Encryption,
    *,
    service_id: uuid.UUID,
    notification_id: uuid.UUID,
    host: str,
) -> dict[str, Any]:
    """One notification of the service, sent with any key type; 404 ``No result found`` otherwise."""
    found = await get_notification_with_template(connection, service_id, notification_id)
    if found is None:
        raise NotFoundError()
    notification, template = found
    return NotificationRenderer(encryption, host).to_json(notification, template)


async def list_notifications(
    connection: AsyncConnection,
    encryption: Encryption,
    *,
    service_id: uuid.UUID,
    key_type: str,
    filters: ListFilters,
    host: str,
    page_size: int = API_PAGE_SIZE,
) -> list[dict[str, Any]]:
    """A page of the notifications the service sent with this key type, newest first."""
    page = await list_notifications_page(connection, service_id, key_type, filters, page_size)
    templates = await get_template_versions(
        connection, ((notification.template_id, notification.template_version) for notification in page)
    )
    renderer = NotificationRenderer(encryption, host)
    return [
        renderer.to_json(notification, templates[notification.template_id, notification.template_version])
        for notification in page
    ]
