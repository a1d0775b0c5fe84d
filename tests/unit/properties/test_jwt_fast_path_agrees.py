"""The JWT fast path gives PyJWT's answer for every token: the same issuer, key or error message.

Tokens are built the way clients build them, then damaged the ways real ones get damaged (truncated,
padded, trailing junk such as ``*~``, wrong ``alg``, bad base64, non-JSON segments, odd ``iss``/``iat``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notify_api.authentication.jwt_tokens import (
    find_signing_key,
    find_signing_key_full,
    unverified_issuer,
    unverified_issuer_full,
)
from notify_api.errors import AuthError

NOW = 1_700_000_000
SECRETS = ["6e0c4b0f-6a4b-4d1e-9a39-1f7f7c0a9b11", "0b4d3f5e-2c1a-4f3e-8d7c-9b8a7f6e5d4c"]
CANDIDATES = [("first", SECRETS[0]), ("second", SECRETS[1])]
SERVICE_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479"
JUNK = st.text(alphabet="*~=!+/. _-\t\n{}\"'A0é", min_size=1, max_size=4)
VALID = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJmNDdhYzEwYi01OGNjLTQzNzItYTU2Ny0wZTAyYjJjM2Q0NzkiLCJp"
    "YXQiOjE3MDAwMDAwMDB9.N8WXSh1oKC0NwnRYz_gUJExAGtpVbWdrptQ33x0yDRQ"
)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# A few seconds each; no example database left in the tree.
BOUNDED = settings(
    max_examples=600, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Strategies are built once: building them per draw costs more than the checks under test.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=NOW - 100, max_value=NOW + 100),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(float(NOW)),
    st.text(max_size=8),
    st.just(SERVICE_ID),
)
JSON_VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=2), st.dictionaries(st.text(max_size=3), SCALARS))
ISSUED_AT = st.one_of(st.integers(min_value=NOW - 100, max_value=NOW + 100), JSON_VALUES)
ISSUER = st.one_of(st.just(SERVICE_ID), JSON_VALUES)
ALGORITHMS = st.sampled_from(("HS256", "HS512", "none", "RS256", "hs256", 256))
TYPES = st.sampled_from(("JWT", "jwt", "JOSE", 1, None))
EXTRA_HEADERS = st.sampled_from(("kid", "crit", "b64", "x"))
EXTRA_CLAIMS = st.sampled_from(("exp", "nbf", "sub", "jti", "aud", "x"))
SIGNING_SECRETS = st.sampled_from((*SECRETS, "wrong"))
DAMAGES = st.sampled_from(("truncate", "pad", "append", "insert", "replace", "drop", "last"))
B64_CHARS = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@st.composite
def headers(draw: st.DrawFn) -> dict[str, Any]:
    header: dict[str, Any] = {"alg": draw(ALGORITHMS)}
    if draw(st.booleans()):
        header["typ"] = draw(TYPES)
    if draw(st.integers(0, 4)) == 0:
        header[draw(EXTRA_HEADERS)] = draw(JSON_VALUES)
    return header


@st.composite
def claims(draw: st.DrawFn) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if draw(st.integers(0, 5)):
        result["iss"] = draw(ISSUER)
    if draw(st.integers(0, 5)):
        result["iat"] = draw(ISSUED_AT)
    if draw(st.integers(0, 5)) == 0:
        result[draw(EXTRA_CLAIMS)] = draw(JSON_VALUES)
    return result


def segment(draw: st.DrawFn, value: dict[str, Any]) -> str:
    style = draw(st.integers(0, 9))
    if style == 0:
        return b64(draw(st.binary(max_size=12)))  # not JSON
    if style == 1:
        return b64(json.dumps(draw(JSON_VALUES)).encode())  # JSON, maybe not an object
    if style == 2:
        return draw(st.text(max_size=12))  # not base64 at all
    text = json.dumps(value, separators=(",", ":") if draw(st.booleans()) else None)
    return b64(text.encode())


@st.composite
def tokens(draw: st.DrawFn) -> str:
    head = segment(draw, draw(headers()))
    body = segment(draw, draw(claims()))
    secret = draw(SIGNING_SECRETS)
    signature = b64(hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
    if draw(st.integers(0, 9)) == 0:
        signature = b64(draw(st.binary(max_size=40)))
    token = f"{head}.{body}.{signature}"
    for _ in range(draw(st.integers(0, 2))):
        token = damage(draw, token)
    return token


def damage(draw: st.DrawFn, token: str) -> str:
    at = draw(st.integers(0, len(token)))
    kind = draw(DAMAGES)
    if kind == "truncate":
        return token[:at]
    if kind == "pad":
        return token + "=" * draw(st.integers(1, 4))
    if kind == "append":
        return token + draw(JUNK)
    if kind == "insert":
        return token[:at] + draw(JUNK) + token[at:]
    if kind == "replace":
        return token[:at] + draw(st.sampled_from("AB_-+/=.*")) + token[at + 1 :]
    if kind == "last":  # another last character of a segment: stray low bits, which PyJWT refuses
        parts = token.split(".")
        which = draw(st.integers(0, len(parts) - 1))
        parts[which] = parts[which][:-1] + draw(B64_CHARS)
        return ".".join(parts)
    return token[:at] + token[at + 1 :]


def outcome(call: Any, *args: Any) -> tuple[str, Any]:
    try:
        value = call(*args)
    except AuthError as error:
        return "rejected", error.message
    # NaN never equals itself; compare what a caller would see instead.
    return "accepted", repr(value) if isinstance(value, float) and math.isnan(value) else value


@BOUNDED
@given(tokens())
@example(VALID)
@example(VALID + "*~")
@example(VALID + "=")
@example(VALID[:-1])
def test_issuer_fast_path_agrees_with_pyjwt(token: str) -> None:
    assert outcome(unverified_issuer, token) == outcome(unverified_issuer_full, token)


@BOUNDED
@given(tokens(), st.sampled_from([NOW, NOW + 31, NOW - 31, NOW + 30.5]))
@example(VALID, NOW)
@example(VALID[:-1] + "S", NOW)
@example(VALID + "*~", NOW)
@example(VALID + "==", NOW)
def test_signing_key_fast_path_agrees_with_pyjwt(token: str, now: float) -> None:
    fast = outcome(find_signing_key, token, CANDIDATES, now)
    assert fast == outcome(find_signing_key_full, token, CANDIDATES, now)


def test_the_valid_example_is_accepted() -> None:
    assert unverified_issuer(VALID) == SERVICE_ID
    assert find_signing_key(VALID, CANDIDATES, NOW) == "first"
