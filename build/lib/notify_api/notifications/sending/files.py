"""The files step: files sent by email are checked, stored and replaced by their download links."""

from __future__ import annotations

from typing import Any

from notify_api.documents.operations import upload_personalisation_files
from notify_api.enums import EMAIL
from notify_api.errors import BadRequestError
from notify_api.notifications.sending.request import Send


def uploaded_files(personalisation: dict[str, Any]) -> list[str]:
    """Names of personalisation values that are files sent with ``prepare_upload``."""
    return [key for key, value in personalisation.items() if isinstance(value, dict) and "file" in value]


async def attach_files(send: Send) -> None:
    files = uploaded_files(send.personalisation)
    if not files:
        return
    service, settings = send.service, send.runtime.settings
    if not service.contact_link:
        raise BadRequestError(
            "Send files by email has not been set up - add contact details for your service at "
            f"{settings.admin_base_url}/services/{service.id}/service-settings/send-files-by-email"
        )
    # Only an email has an address the download link can ask for.
    recipient_email = send.normalised_to if send.request.notification_type == EMAIL else None
    send.document_download_count = await upload_personalisation_files(
        settings,
        send.runtime.database,
        service.id,
        send.personalisation,
        files,
        simulated=send.simulated,
        recipient_email=recipient_email,
    )
