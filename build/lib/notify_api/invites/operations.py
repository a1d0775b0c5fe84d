"""Rules for invitations: who may invite, the email sent, and checking the link that comes back."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.seed_ids import (
    BROADCAST_INVITATION_EMAIL_TEMPLATE_ID,
    INVITATION_EMAIL_TEMPLATE_ID,
    ORGANISATION_INVITATION_EMAIL_TEMPLATE_ID,
)
from notify_api.enums import AUTH_TYPES, INVITE_STATUSES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.invites import queries
from notify_api.invites.mailer import NotifyMailer
from notify_api.invites.types import Inviter, OrganisationInvite, ServiceInvite
from notify_api.organisations.queries import get_organisation
from notify_api.recipients.email import InvalidEmailError, validate_email_address
from notify_api.services.queries.reads import get_service_summary
from notify_api.signed_links import BadToken, ExpiredToken, read_token, sign_token
from notify_api.validation import validate
from notify_api.validation.schemas import UUID

INVITATION_EXPIRATION_DAYS: Final = 2
MAX_AGE_SECONDS: Final = INVITATION_EXPIRATION_DAYS * 24 * 60 * 60
SERVICE_PURPOSE: Final = "service-invitation"
ORGANISATION_PURPOSE: Final = "organisation-invitation"
EXPIRED_MESSAGE: Final = (
    "Your invitation to GOV.UK Notify has expired. "
    "Please ask the person that invited you to send you another one"
)
BROKEN_LINK_MESSAGE: Final = "Something’s wrong with this link. Make sure you’ve copied the whole thing."
NOTIFY_TEAM_NAME: Final = "The GOV.UK Notify team"

SERVICE_INVITE: Final = {
    "type": "object",
    "properties": {
        "email_address": {"type": "string"},
        "from_user": UUID,
        "permissions": {"type": "string"},
        "auth_type": {"enum": list(AUTH_TYPES)},
        "folder_permissions": {"type": "array", "items": {"type": "string"}},
        "invite_link_host": {"type": ["string", "null"]},
    },
    "required": ["email_address", "from_user"],
}
ORGANISATION_INVITE: Final = {
    "type": "object",
    "properties": {
        "email_address": {"type": "string"},
        "invited_by": UUID,
        "invite_link_host": {"type": ["string", "null"]},
    },
    "required": ["email_address", "invited_by"],
}
STATUS_UPDATE: Final = {
    "type": "object",
    "properties": {"status": {"enum": list(INVITE_STATUSES)}},
    "required": ["status"],
}


def _checked_email(address: str) -> str:
    try:
        validate_email_address(address)
    except InvalidEmailError:
        raise InvalidRequest({"email_address": ["Not a valid email address"]}, 400) from None
    return address


async def _inviter(connection: AsyncConnection, user_id: str, field: str) -> Inviter:
    inviter = await queries.get_inviter(connection, uuid.UUID(user_id))
    if inviter is None:
        raise InvalidRequest({field: ["Not a valid user"]}, 400)
    return inviter


def _link(mailer: NotifyMailer, host: Any, path: str, token: str) -> str:
    base = str(host).rstrip("/") if host else mailer.admin_base_url
    return f"{base}/{path}/{token}"


async def invite_to_service(
    mailer: NotifyMailer, secret_key: str, service_id: uuid.UUID, body: dict[str, Any]
) -> ServiceInvite:
    """Save the invitation and email the link (reply-to: the inviter)."""
    connection = mailer.work.connection
    validate(body, SERVICE_INVITE)
    email_address = _checked_email(body["email_address"])
    service = await get_service_summary(connection, service_id)
    if service is None:
        raise NotFoundError()
    inviter = await _inviter(connection, body["from_user"], "from_user")
    invite_id = await queries.insert_service_invite(
        connection,
        service_id=service_id,
        from_user_id=inviter.id,
        email_address=email_address,
        permissions=body.get("permissions") or "",
        auth_type=body.get("auth_type") or "sms_auth",
        folder_permissions=list(body.get("folder_permissions") or []),
    )
    token = sign_token(str(invite_id), secret_key, salt=SERVICE_PURPOSE)
    template_id = (
        BROADCAST_INVITATION_EMAIL_TEMPLATE_ID
        if service.has_permission("broadcast")
        else INVITATION_EMAIL_TEMPLATE_ID
    )
    await mailer.send(
        template_id,
        email_address,
        {
            "user_name": inviter.name,
            "service_name": service.name,
            "url": _link(mailer, body.get("invite_link_host"), "invitation", token),
        },
        reply_to_text=inviter.email_address,
    )
    return await service_invite(connection, invite_id)


async def invite_to_organisation(
    mailer: NotifyMailer, secret_key: str, organisation_id: uuid.UUID, body: dict[str, Any]
) -> OrganisationInvite:
    """Platform admins invite as "The GOV.UK Notify team"."""
    connection = mailer.work.connection
    validate(body, ORGANISATION_INVITE)
    email_address = _checked_email(body["email_address"])
    organisation = await get_organisation(connection, organisation_id)
    if organisation is None:
        raise NotFoundError()
    inviter = await _inviter(connection, body["invited_by"], "invited_by")
    invite_id = await queries.insert_organisation_invite(
        connection, organisation_id=organisation_id, invited_by_id=inviter.id, email_address=email_address
    )
    token = sign_token(str(invite_id), secret_key, salt=ORGANISATION_PURPOSE)
    await mailer.send(
        ORGANISATION_INVITATION_EMAIL_TEMPLATE_ID,
        email_address,
        {
            "user_name": NOTIFY_TEAM_NAME if inviter.platform_admin else inviter.name,
            "organisation_name": organisation.name,
            "url": _link(mailer, body.get("invite_link_host"), "organisation-invitation", token),
        },
        reply_to_text=inviter.email_address,
    )
    return await organisation_invite(connection, invite_id)


async def service_invite(
    connection: AsyncConnection, invite_id: uuid.UUID, *, service_id: uuid.UUID | None = None
) -> ServiceInvite:
    invite = await queries.get_service_invite(connection, invite_id, service_id=service_id)
    if invite is None:
        raise NotFoundError()
    return invite


async def organisation_invite(
    connection: AsyncConnection, invite_id: uuid.UUID, *, organisation_id: uuid.UUID | None = None
) -> OrganisationInvite:
    invite = await queries.get_organisation_invite(connection, invite_id, organisation_id=organisation_id)
    if invite is None:
        raise NotFoundError()
    return invite


async def update_service_invite(
    connection: AsyncConnection, service_id: uuid.UUID, invite_id: uuid.UUID, body: dict[str, Any]
) -> ServiceInvite:
    validate(body, STATUS_UPDATE)
    await service_invite(connection, invite_id, service_id=service_id)
    await queries.set_service_invite_status(connection, invite_id, body["status"])
    return await service_invite(connection, invite_id)


async def update_organisation_invite(
    connection: AsyncConnection, organisation_id: uuid.UUID, invite_id: uuid.UUID, body: dict[str, Any]
) -> OrganisationInvite:
    validate(body, STATUS_UPDATE)
    await organisation_invite(connection, invite_id, organisation_id=organisation_id)
    await queries.set_organisation_invite_status(connection, invite_id, body["status"])
    return await organisation_invite(connection, invite_id)


def invite_id_from_token(token: str, secret_key: str, *, purpose: str) -> uuid.UUID:
    """The invitation a link points at; 400 with the user-facing message if expired or broken."""
    try:
        return uuid.UUID(str(read_token(token, secret_key, salt=purpose, max_age_seconds=MAX_AGE_SECONDS)))
    except ExpiredToken:
        raise InvalidRequest({"invitation": EXPIRED_MESSAGE}, 400) from None
    except (BadToken, ValueError, TypeError):
        raise InvalidRequest({"invitation": BROKEN_LINK_MESSAGE}, 400) from None
