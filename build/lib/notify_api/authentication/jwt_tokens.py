"""JWT checks shared by the public and admin APIs, with Notify's exact messages and order.

A token is HS256, signed with the key's secret, with ``iss`` (who) and ``iat`` (when) claims; ``iat`` must
be within 30 seconds of our clock either way.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
import warnings
from collections.abc import Iterable
from typing import Any, Final, TypeVar

import jwt
import orjson

from notify_api.errors import AuthError

TOKEN_MISSING: Final = "Unauthorized: authentication token must be provided"
BEARER_REQUIRED: Final = "Unauthorized: authentication bearer scheme must be used"
GENERAL: Final = (
    "Invalid token: make sure your API token matches the example at "
    "https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header"
)
ISS_MISSING: Final = "Invalid token: iss field not provided"
WRONG_ALGORITHM: Final = "Invalid token: algorithm used is not HS256"
CLOCK_SKEW: Final = "Error: Your system clock must be accurate to within 30 seconds"
KEY_NOT_FOUND: Final = "Invalid token: API key not found"

CLOCK_LEEWAY_SECONDS: Final = 30
_BASE64URL: Final = re.compile(r"[A-Za-z0-9_-]*")
_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# The last character of a partial block may only carry data bits: of 2 characters (12 bits, 8 used) its low
# 4 bits must be zero, of 3 (18 bits, 16 used) its low 2 bits.
_CANONICAL_LAST: Final = {2: frozenset(_ALPHABET[::16]), 3: frozenset(_ALPHABET[::4])}
_DECODE_OPTIONS: Final[jwt.types.Options] = {"verify_iat": False, "verify_signature": True}

K = TypeVar("K")

# Admin secrets set by operators may be short; the length warning would otherwise fire on every request.
warnings.filterwarnings("ignore", category=jwt.warnings.InsecureKeyLengthWarning)


class _MissingIssuedAt(Exception):
    """Signature verified but no ``iat``: the original tries the next key."""


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise AuthError(TOKEN_MISSING, 401)
    if authorization[:7].title() != "Bearer ":
        raise AuthError(BEARER_REQUIRED, 401)
    return authorization[7:]


def _b64url(segment: str) -> bytes:
    """Decode a segment only if PyJWT would: the URL-safe alphabet, at most two ``=`` and only on a whole
    block, and the canonical encoding (no stray low bits). ``urlsafe_b64decode`` alone skips junk such as
    ``*~`` and would accept tokens PyJWT rejects."""
    stripped = segment.rstrip("=")
    padding = len(segment) - len(stripped)
    if padding > 2 or (padding and len(segment) % 4) or len(stripped) % 4 == 1:
        raise ValueError("bad base64url padding")
    if not _BASE64URL.fullmatch(stripped):
        raise ValueError("not base64url")
    partial = len(stripped) % 4
    if partial and stripped[-1] not in _CANONICAL_LAST[partial]:
        raise ValueError("not the canonical base64url encoding")
    return base64.urlsafe_b64decode(stripped + "=" * (-partial % 4))


def _plain_token(token: str) -> tuple[bytes, bytes, dict[str, Any]] | None:
    """(signing input, signature, claims) of a token shaped as every Notify client makes it: an HS256 header
    and exactly ``iss`` and ``iat`` (an integer). Anything else returns None and takes PyJWT's full path,
    which produces the exact error; so this shortcut changes speed, never an answer."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        header = orjson.loads(_b64url(parts[0]))
        claims = orjson.loads(_b64url(parts[1]))
        signature = _b64url(parts[2])
    except (ValueError, binascii.Error):
        return None
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not header.keys() <= {"alg", "typ"}:
        return None
    if header.get("typ", "JWT") != "JWT" or not isinstance(claims, dict) or claims.keys() != {"iss", "iat"}:
        return None
    if type(claims["iat"]) is not int:
        return None
    return f"{parts[0]}.{parts[1]}".encode(), signature, claims


def unverified_issuer(token: str) -> Any:
    """The ``iss`` claim before any signature check (the issuer tells us which secrets to try)."""
    plain = _plain_token(token)
    if plain is not None:
        return plain[2]["iss"]
    return unverified_issuer_full(token)


def unverified_issuer_full(token: str) -> Any:
    """PyJWT's answer for ``unverified_issuer``; the fast path must never disagree with it."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise AuthError(GENERAL) from error
    if not isinstance(claims, dict) or "iss" not in claims:
        raise AuthError(ISS_MISSING)
    return claims["iss"]


def _verify_with(token: str, secret: str, now: float) -> None:
    claims = jwt.decode(
        token, secret, algorithms=["HS256"], options=_DECODE_OPTIONS, leeway=CLOCK_LEEWAY_SECONDS
    )
    if "iat" not in claims:
        raise _MissingIssuedAt
    issued_at = claims["iat"]
    if isinstance(issued_at, bool) or not isinstance(issued_at, int | float):
        raise AuthError(CLOCK_SKEW)
    if now > issued_at + CLOCK_LEEWAY_SECONDS or issued_at > now + CLOCK_LEEWAY_SECONDS:
        raise AuthError(CLOCK_SKEW)


def find_signing_key(token: str, candidates: Iterable[tuple[K, str]], now: float | None = None) -> K:
    """Return the first candidate whose secret verifies the token, raising Notify's auth errors otherwise."""
    moment = time.time() if now is None else now
    candidates = list(candidates)
    plain = _plain_token(token)
    if plain is not None:
        signing_input, signature, claims = plain
        issued_at = claims["iat"]
        if moment - CLOCK_LEEWAY_SECONDS <= issued_at <= moment + CLOCK_LEEWAY_SECONDS:
            for candidate, secret in candidates:
                expected = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
                if hmac.compare_digest(expected, signature):
                    return candidate
    return find_signing_key_full(token, candidates, moment)


def find_signing_key_full(token: str, candidates: Iterable[tuple[K, str]], now: float) -> K:
    """PyJWT's answer for ``find_signing_key``; the fast path must never disagree with it."""
    for candidate, secret in candidates:
        try:
            _verify_with(token, secret, now)
        except jwt.InvalidAlgorithmError as error:
            raise AuthError(WRONG_ALGORITHM) from error
        except (jwt.InvalidSignatureError, _MissingIssuedAt):
            continue
        except jwt.ImmatureSignatureError as error:
            raise AuthError(GENERAL) from error
        except jwt.InvalidIssuedAtError as error:
            raise AuthError(CLOCK_SKEW) from error
        except jwt.PyJWTError as error:
            raise AuthError(GENERAL) from error
        return candidate
    raise AuthError(KEY_NOT_FOUND)
