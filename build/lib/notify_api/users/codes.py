"""Two-factor sign-in codes: sent by text or as an emailed link, hashed at rest, used once."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import check_hashed_secret, hash_secret
from notify_api.db.tables.seed_ids import EMAIL_2FA_TEMPLATE_ID, SMS_CODE_TEMPLATE_ID
from notify_api.enums import EMAIL as EMAIL_TYPE
from notify_api.enums import SMS as SMS_TYPE
from notify_api.errors import InvalidRequest, NotifyError
from notify_api.timeutils import utc_now
from notify_api.users.messages import NotifyMessages
from notify_api.users.queries import accounts, verify_codes
from notify_api.users.types import MAX_FAILED_LOGIN_COUNT, MAX_VERIFY_CODE_COUNT, User, VerifyCode

CODE_LIFETIME: Final = timedelta(minutes=30)
SMS_CODE_LENGTH: Final = 5
_DIGITS: Final = "0123456789"

CODE_NOT_FOUND: Final = "Code not found"
CODE_EXPIRED: Final = "Code has expired"


def new_sms_code(length: int = SMS_CODE_LENGTH) -> str:
    """Random digits, never the same digit twice in a row (easier to read and type from a text)."""
    code = secrets.choice(_DIGITS)
    while len(code) < length:
        code += secrets.choice(_DIGITS.replace(code[-1], ""))
    return code


async def _too_many_live_codes(connection: AsyncConnection, user: User) -> bool:
    return await verify_codes.count_live_unused_codes(connection, user.id) >= MAX_VERIFY_CODE_COUNT


async def _store_code(connection: AsyncConnection, user: User, code: str, code_type: str) -> None:
    code_hash = await asyncio.to_thread(hash_secret, code)  # bcrypt: keep it off the event loop
    await verify_codes.insert_verify_code(
        connection, user.id, code_hash, code_type, utc_now() + CODE_LIFETIME
    )


async def send_sms_code(messages: NotifyMessages, user: User, to: str | None) -> None:
    """Text a new code to ``to`` or the user's mobile, unless the user already has enough live codes."""
    connection = messages.work.connection
    if await _too_many_live_codes(connection, user):
        return
    recipient = to or user.mobile_number
    if not recipient:
        raise InvalidRequest({"to": ["The user has no mobile number to send a code to"]}, 400)
    code = new_sms_code()
    await _store_code(connection, user, code, SMS_TYPE)
    await messages.send_sms(SMS_CODE_TEMPLATE_ID, recipient, {"verify_code": code})


async def send_email_code(
    messages: NotifyMessages, user: User, *, next_url: str | None, link_host: str | None
) -> None:
    """Email a sign-in link whose token carries a one-off secret, unless enough codes are live already."""
    connection = messages.work.connection
    if await _too_many_live_codes(connection, user):
        return
    secret_code = str(uuid.uuid4())
    await _store_code(connection, user, secret_code, EMAIL_TYPE)
    payload = {"user_id": str(user.id), "secret_code": secret_code}
    link = messages.link("/email-auth/", payload, base_url=link_host, next_url=next_url)
    await messages.send_email(EMAIL_2FA_TEMPLATE_ID, user.email_address, {"name": user.name, "url": link})


def _matching(codes: Sequence[VerifyCode], code: str) -> VerifyCode | None:
    return next((candidate for candidate in codes if check_hashed_secret(code, candidate.code_hash)), None)


async def verify_code(
    connection: AsyncConnection, user: User, code: str, code_type: str
) -> NotifyError | None:
    """Check a code and sign the user in with it.

    Returns the error to show *after* the transaction commits, so failed attempts are counted.
    """
    if user.failed_login_count >= MAX_FAILED_LOGIN_COUNT:
        return InvalidRequest(CODE_NOT_FOUND, 404)
    candidates = await verify_codes.recent_codes(connection, user.id, code_type)
    found = await asyncio.to_thread(_matching, candidates, code)
    if found is None:
        await accounts.increment_failed_login_count(connection, user.id)
        return InvalidRequest(CODE_NOT_FOUND, 404)
    now = utc_now()
    if found.code_used or found.expiry_datetime < now:
        await accounts.increment_failed_login_count(connection, user.id)
        return InvalidRequest(CODE_EXPIRED, 400)
    signed_in: dict[str, object] = {
        "current_session_id": uuid.uuid4(),
        "logged_in_at": now,
        "failed_login_count": 0,
    }
    if code_type == EMAIL_TYPE:
        signed_in["email_access_validated_at"] = now
    await accounts.update_user(connection, user.id, signed_in)
    await verify_codes.mark_code_used(connection, found.id)
    return None
