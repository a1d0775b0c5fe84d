"""Signed, timed tokens for the links Notify emails (sign in, verify email, reset password, invitations).

The layout is the one the admin frontend already reads: ``<payload>.<timestamp>.<signature>``, each part
URL-safe base64 without padding; the payload is compact JSON (zlib-compressed when marked with a leading
``.``), the timestamp is the signing time in whole seconds as big-endian bytes, and the signature is
HMAC-SHA1 of ``<payload>.<timestamp>`` under a key derived from the secret key and a salt. The tokens are
signed, not encrypted: put nothing secret in them that is not also hashed at rest.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import zlib
from typing import Any, Final

DEFAULT_SALT: Final = "notify-admin-link-tokens"
_SEPARATOR: Final = b"."


class BadToken(ValueError):
    """The token was not signed by us, or is malformed."""


class ExpiredToken(BadToken):
    """The token was signed by us but is older than allowed."""


def _b64encode(raw: bytes) -> bytes:
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def _b64decode(encoded: bytes) -> bytes:
    try:
        return base64.urlsafe_b64decode(encoded + b"=" * (-len(encoded) % 4))
    except (ValueError, TypeError) as error:
        raise BadToken("malformed token") from error


def _signing_key(secret_key: str, salt: str) -> bytes:
    return hashlib.sha1(salt.encode() + b"signer" + secret_key.encode()).digest()


def _signature(value: bytes, secret_key: str, salt: str) -> bytes:
    return _b64encode(hmac.new(_signing_key(secret_key, salt), value, hashlib.sha1).digest())


def sign_token(payload: Any, secret_key: str, *, salt: str = DEFAULT_SALT, now: float | None = None) -> str:
    """A URL-safe token carrying ``payload`` (anything JSON can hold) and the time it was signed."""
    body = _b64encode(json.dumps(payload, separators=(",", ":")).encode())
    seconds = int(time.time() if now is None else now)
    timestamp = _b64encode(seconds.to_bytes((seconds.bit_length() + 7) // 8 or 1, "big"))
    value = body + _SEPARATOR + timestamp
    return (value + _SEPARATOR + _signature(value, secret_key, salt)).decode("ascii")


def read_token(
    token: str, secret_key: str, *, max_age_seconds: float, salt: str = DEFAULT_SALT, now: float | None = None
) -> Any:
    """The payload of a token we signed at most ``max_age_seconds`` ago; raises BadToken/ExpiredToken."""
    raw = token.encode("ascii", errors="replace")
    value, separator, signature = raw.rpartition(_SEPARATOR)
    if not separator or not hmac.compare_digest(signature, _signature(value, secret_key, salt)):
        raise BadToken("signature does not match")
    body, separator, timestamp = value.rpartition(_SEPARATOR)
    if not separator:
        raise BadToken("no timestamp")
    signed_at = int.from_bytes(_b64decode(timestamp), "big")
    age = (time.time() if now is None else now) - signed_at
    if age > max_age_seconds:
        raise ExpiredToken(f"token is {age:.0f}s old")
    compressed = body.startswith(_SEPARATOR)
    data = _b64decode(body[1:] if compressed else body)
    try:
        return json.loads(zlib.decompress(data) if compressed else data)
    except (ValueError, zlib.error) as error:
        raise BadToken("payload is not JSON") from error
