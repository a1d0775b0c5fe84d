"""``bulk-invite-user-to-service``: one service invitation (and its email) per address in a file."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from notify_api.errors import NotifyError
from notify_api.invites.mailer import NotifyMailer
from notify_api.invites.operations import invite_to_service
from notify_api.runtime import Runtime

Echo = Callable[[str], None]


async def bulk_invite(
    runtime: Runtime,
    *,
    service_id: uuid.UUID,
    from_user_id: uuid.UUID,
    email_addresses: list[str],
    permissions: str,
    auth_type: str,
    echo: Echo,
) -> int:
    """Invite each address as the admin would (its checks, its email); one failure does not stop the rest."""
    invited = 0
    for email_address in email_addresses:
        body = {
            "email_address": email_address,
            "from_user": str(from_user_id),
            "permissions": permissions,
            "auth_type": auth_type,
            "invite_link_host": runtime.settings.admin_base_url,
        }
        try:
            async with runtime.database.unit_of_work() as work:
                mailer = NotifyMailer(
                    work, runtime.encryption, runtime.tasks, runtime.settings.admin_base_url
                )
                await invite_to_service(mailer, runtime.settings.secret_key, service_id, body)
        except NotifyError as error:
            echo(f"*** ERROR occurred for email address: {email_address}. {error.message}")
            continue
        invited += 1
        echo(f"invited {email_address}")
    return invited
