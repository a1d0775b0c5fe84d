"""The rules for user accounts. Callers own the transaction; failures that must still be counted are
returned (not raised) so the caller can commit first and raise afterwards."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any, Final

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import check_hashed_secret, hash_secret
from notify_api.errors import InvalidRequest, NotFoundError, NotifyError
from notify_api.timeutils import utc_now
from notify_api.users.inputs import NewUser
from notify_api.users.messages import NotifyMessages
from notify_api.users.queries import accounts, memberships
from notify_api.users.types import EMAIL_AUTH, MAX_FAILED_LOGIN_COUNT, STATE_ACTIVE, STATE_INACTIVE, User

MOBILE_REQUIRED: Final = "Mobile number must be set if auth_type is set to sms_auth"
EMAIL_IN_USE: Final = {"email_address": ["Email address is already in use"]}
CANNOT_ARCHIVE: Final = (
    "User can’t be removed from a service - check all services have another team member with manage_settings"
)
ALREADY_ACTIVE: Final = "User already active"
INCORRECT_PASSWORD: Final = {"password": ["Incorrect password"]}
# Archived accounts sign out everywhere: no session id the admin holds can match this one.
SIGNED_OUT_SESSION: Final = uuid.UUID(int=0)


async def get_user_or_404(connection: AsyncConnection, user_id: uuid.UUID) -> User:
    user = await accounts.get_user(connection, user_id)
    if user is None:
        raise NotFoundError()
    return user


async def get_user_by_email_or_404(connection: AsyncConnection, email_address: str) -> User:
    user = await accounts.get_user_by_email(connection, email_address)
    if user is None:
        raise NotFoundError()
    return user


@asynccontextmanager
async def _user_constraints() -> AsyncIterator[None]:
    """Turn the users table's constraint violations into the admin's 400s."""
    try:
        yield
    except IntegrityError as error:
        text = str(error.orig)
        if "ck_user_has_mobile_or_other_auth" in text:
            raise InvalidRequest(MOBILE_REQUIRED, 400) from error
        if "uq_users_email_address" in text:
            raise InvalidRequest(EMAIL_IN_USE, 400) from error
        raise


async def _hash_password(password: str) -> str:
    return await asyncio.to_thread(hash_secret, password)  # bcrypt: keep it off the event loop


async def create_user(connection: AsyncConnection, new: NewUser) -> User:
    """A pending account whose email access counts as validated now (they registered with it)."""
    if await accounts.email_address_in_use(connection, new.email_address):
        raise InvalidRequest(EMAIL_IN_USE, 400)
    now = utc_now()
    values = {
        "name": new.name,
        "email_address": new.email_address,
        "mobile_number": new.mobile_number,
        "auth_type": new.auth_type,
        "_password": await _hash_password(new.password),
        "password_changed_at": now,
        "email_access_validated_at": now,
        "failed_login_count": 0,
        "state": "pending",
        "platform_admin": False,
    }
    async with _user_constraints():
        user_id = await accounts.insert_user(connection, values)
    return await get_user_or_404(connection, user_id)


async def update_user(
    messages: NotifyMessages, user: User, changes: dict[str, Any], updated_by: User | None
) -> User:
    """Set attributes; when a team manager changed an address, tell the user at the new one."""
    connection = messages.work.connection
    email = changes.get("email_address")
    if email is not None and await accounts.email_address_in_use(connection, email, other_than=user.id):
        raise InvalidRequest(EMAIL_IN_USE, 400)
    if changes:
        async with _user_constraints():
            await accounts.update_user(connection, user.id, changes)
    updated = await get_user_or_404(connection, user.id)
    if updated_by is not None:
        if "email_address" in changes:
            await messages.team_member_changed_email(updated, updated_by)
        elif "mobile_number" in changes:
            await messages.team_member_changed_mobile(updated, updated_by)
    return updated


async def archive_user(connection: AsyncConnection, user: User) -> None:
    """Remove the user from everything and make the account unusable, keeping the row for history."""
    if await memberships.services_left_without_manager(connection, user.id):
        raise InvalidRequest(CANNOT_ARCHIVE, 400)
    await memberships.remove_from_all_services_and_organisations(connection, user.id)
    now = utc_now()
    await accounts.update_user(
        connection,
        user.id,
        {
            "auth_type": EMAIL_AUTH,
            "email_address": f"_archived_{now:%Y-%m-%d_%H:%M:%S}_{user.email_address}",
            "mobile_number": None,
            "_password": await _hash_password(str(uuid.uuid4())),
            "current_session_id": SIGNED_OUT_SESSION,
            "state": STATE_INACTIVE,
        },
    )


async def activate_user(connection: AsyncConnection, user: User) -> User:
    if user.state == STATE_ACTIVE:
        raise InvalidRequest(ALREADY_ACTIVE, 400)
    await accounts.update_user(connection, user.id, {"state": STATE_ACTIVE})
    return await get_user_or_404(connection, user.id)


async def reset_failed_login_count(connection: AsyncConnection, user: User) -> User:
    await accounts.update_user(connection, user.id, {"failed_login_count": 0})
    return await get_user_or_404(connection, user.id)


async def verify_password(connection: AsyncConnection, user: User, password: str) -> NotifyError | None:
    """Check the password; a locked account fails whatever is typed. Failures are counted."""
    locked = user.failed_login_count >= MAX_FAILED_LOGIN_COUNT
    if not locked and await asyncio.to_thread(check_hashed_secret, password, user.password_hash):
        await accounts.update_user(connection, user.id, {"failed_login_count": 0})
        return None
    await accounts.increment_failed_login_count(connection, user.id)
    return InvalidRequest(INCORRECT_PASSWORD, 400)


async def update_password(connection: AsyncConnection, user: User, password: str) -> User:
    await accounts.update_user(
        connection, user.id, {"_password": await _hash_password(password), "password_changed_at": utc_now()}
    )
    return await get_user_or_404(connection, user.id)


async def set_service_permissions(
    connection: AsyncConnection,
    user_id: uuid.UUID,
    service_id: uuid.UUID,
    permission_names: Iterable[str],
    folder_ids: Iterable[uuid.UUID] | None,
) -> None:
    """Replace the user's permissions in one service (and its folders, when given)."""
    if not await memberships.is_service_member(connection, user_id, service_id):
        raise NotFoundError()
    await memberships.replace_service_permissions(connection, user_id, service_id, permission_names)
    if folder_ids is not None:
        await memberships.replace_folder_permissions(connection, user_id, service_id, folder_ids)
