"""Signed, timed tokens for links sent by email (invitations and the like).

A token is ``payload.issued_at.signature``, each part URL-safe base64; the signature is HMAC-SHA256 over the
purpose, payload and time, keyed from SECRET_KEY. The payload is signed, not hidden: put only ids in it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from typing import Final

_KEY_CONTEXT: Final = b"notify-api/link-tokens/v1"


class BadToken(ValueError):
    """The token was altered, truncated or made with another key or purpose."""


class ExpiredToken(BadToken):
    """The token is genuine but older than allowed."""


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise BadToken("token is not valid base64") from error


def _signature(secret_key: str, purpose: str, payload: str, issued_at: str) -> bytes:
    key = hashlib.sha256(_KEY_CONTEXT + secret_key.encode()).digest()
    message = "\n".join((purpose, payload, issued_at)).encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def make_token(payload: str, secret_key: str, *, purpose: str, issued_at: float | None = None) -> str:
    encoded_payload = _encode(payload.encode())
    encoded_time = _encode(int(time.time() if issued_at is None else issued_at).to_bytes(8, "big"))
    signature = _signature(secret_key, purpose, encoded_payload, encoded_time)
    return f"{encoded_payload}.{encoded_time}.{_encode(signature)}"


def read_token(
    token: str, secret_key: str, *, purpose: str, max_age_seconds: int, now: float | None = None
) -> str:
    """The payload of a genuine token; ``ExpiredToken`` if too old, ``BadToken`` for anything else."""
    parts = token.split(".")
    if len(parts) != 3:
        raise BadToken("token must have three parts")
    encoded_payload, encoded_time, encoded_signature = parts
    expected = _signature(secret_key, purpose, encoded_payload, encoded_time)
    if not hmac.compare_digest(expected, _decode(encoded_signature)):
        raise BadToken("signature does not match")
    issued_at = int.from_bytes(_decode(encoded_time), "big")
    age = (time.time() if now is None else now) - issued_at
    if age > max_age_seconds:
        raise ExpiredToken(f"token is {int(age)} s old")
    try:
        return _decode(encoded_payload).decode()
    except UnicodeDecodeError as error:
        raise BadToken("payload is not text") from error
