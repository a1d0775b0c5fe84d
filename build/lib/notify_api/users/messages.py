"""The emails and texts Notify sends its own users, and the signed links inside them.

Each is a notification of the Notify service persisted in the caller's unit of work and queued on
notify-internal-tasks once it commits (``send_notify_message``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from notify_api.crypto import Encryption
from notify_api.db.database import UnitOfWork
from notify_api.db.tables.seed_ids import (
    ALREADY_REGISTERED_EMAIL_TEMPLATE_ID,
    CHANGE_EMAIL_CONFIRMATION_TEMPLATE_ID,
    NEW_USER_EMAIL_VERIFICATION_TEMPLATE_ID,
    NOTIFY_INTERNATIONAL_SMS_SENDER,
    PASSWORD_RESET_TEMPLATE_ID,
    TEAM_MEMBER_EDIT_EMAIL_TEMPLATE_ID,
    TEAM_MEMBER_EDIT_MOBILE_TEMPLATE_ID,
)
from notify_api.notifications.sending.internal import send_notify_message
from notify_api.recipients import is_uk_phone_number
from notify_api.settings import Settings
from notify_api.signed_links import sign_token
from notify_api.tasks.enqueue import TaskQueue
from notify_api.timeutils import utc_now
from notify_api.users.queries import notify_senders
from notify_api.users.types import User


@dataclass(frozen=True)
class NotifyMessages:
    """Sends Notify's own messages within one unit of work."""

    work: UnitOfWork
    encryption: Encryption
    tasks: TaskQueue
    settings: Settings

    async def send_email(
        self, template_id: uuid.UUID, recipient: str, personalisation: dict[str, Any]
    ) -> None:
        reply_to = await notify_senders.notify_default_reply_to(self.work.connection)
        await self._send(template_id, recipient, personalisation, reply_to)

    async def send_sms(self, template_id: uuid.UUID, recipient: str, personalisation: dict[str, Any]) -> None:
        # Some countries only deliver texts from a numeric sender, so non-UK numbers get Notify's number.
        if is_uk_phone_number(recipient):
            sender = await notify_senders.notify_default_sms_sender(self.work.connection)
        else:
            sender = NOTIFY_INTERNATIONAL_SMS_SENDER
        await self._send(template_id, recipient, personalisation, sender)

    async def _send(
        self, template_id: uuid.UUID, recipient: str, personalisation: dict[str, Any], reply_to: str | None
    ) -> None:
        await send_notify_message(
            self.work,
            self.encryption,
            self.tasks,
            template_id=template_id,
            recipient=recipient,
            personalisation=personalisation,
            reply_to_text=reply_to,
        )

    def link(
        self, path: str, payload: dict[str, str], *, base_url: str | None = None, next_url: str | None = None
    ) -> str:
        """``<base_url or ADMIN_BASE_URL><path><signed token>[?next=...]``."""
        url = (
            (base_url or self.settings.admin_base_url) + path + sign_token(payload, self.settings.secret_key)
        )
        return url + "?" + urlencode({"next": next_url}) if next_url else url

    def admin_page(self, path: str) -> str:
        return self.settings.admin_base_url + path

    async def team_member_changed_email(self, user: User, changed_by: User) -> None:
        await self.send_email(
            TEAM_MEMBER_EDIT_EMAIL_TEMPLATE_ID, user.email_address, _edit_values(user, changed_by)
        )

    async def team_member_changed_mobile(self, user: User, changed_by: User) -> None:
        if user.mobile_number:
            await self.send_sms(
                TEAM_MEMBER_EDIT_MOBILE_TEMPLATE_ID, user.mobile_number, _edit_values(user, changed_by)
            )

    async def confirm_new_email(self, user: User, new_email: str) -> None:
        link = self.link("/user-profile/email/confirm/", {"user_id": str(user.id), "email": new_email})
        await self.send_email(
            CHANGE_EMAIL_CONFIRMATION_TEMPLATE_ID,
            new_email,
            {"name": user.name, "url": link, "feedback_url": self.admin_page("/support")},
        )

    async def verify_new_user_email(self, user: User, base_url: str | None) -> None:
        payload = {"user_id": str(user.id), "email": user.email_address}
        link = self.link("/verify-email/", payload, base_url=base_url)
        await self.send_email(
            NEW_USER_EMAIL_VERIFICATION_TEMPLATE_ID, user.email_address, {"name": user.name, "url": link}
        )

    async def already_registered(self, email: str) -> None:
        await self.send_email(
            ALREADY_REGISTERED_EMAIL_TEMPLATE_ID,
            email,
            {
                "signin_url": self.admin_page("/sign-in"),
                "forgot_password_url": self.admin_page("/forgot-password"),
                "feedback_url": self.admin_page("/support"),
            },
        )

    async def reset_password(
        self, user: User, email: str, *, next_url: str | None, base_url: str | None
    ) -> None:
        # created_at lets the admin refuse a link once the password has changed since it was sent.
        payload = {"email": user.email_address, "created_at": str(utc_now())}
        link = self.link("/new-password/", payload, base_url=base_url, next_url=next_url)
        await self.send_email(PASSWORD_RESET_TEMPLATE_ID, email, {"user_name": user.name, "url": link})


def _edit_values(user: User, changed_by: User) -> dict[str, Any]:
    return {"name": user.name, "servicemanagername": changed_by.name, "email address": user.email_address}
