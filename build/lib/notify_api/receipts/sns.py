"""Amazon SNS HTTP messages: signature verification and subscription confirmation.

SNS signs each message with a certificate served from an AWS host. We only trust certificates fetched over
HTTPS from ``sns.<region>.amazonaws.com`` (never a URL an attacker could point elsewhere), cache them per
URL, and check the RSA signature over SNS's canonical string (SignatureVersion 1: SHA1, 2: SHA256).
The fetcher is injectable so that tests (and machines without internet access) can supply certificates.

A valid signature only proves that SNS sent the message once, to someone: ``check_topic`` keeps to our own
topics (``SES_SNS_TOPIC_ARNS``) and ``check_fresh`` refuses replays of old messages.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import urlsplit

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from notify_api.receipts.ses_events import parse_timestamp

CertificateFetcher = Callable[[str], Awaitable[bytes]]

_AWS_SNS_HOST: Final = re.compile(r"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")
_NOTIFICATION_FIELDS: Final = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_SUBSCRIPTION_FIELDS: Final = (
    "Message",
    "MessageId",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
)
_SIGNED_FIELDS: Final = {
    "Notification": _NOTIFICATION_FIELDS,
    "SubscriptionConfirmation": _SUBSCRIPTION_FIELDS,
    "UnsubscribeConfirmation": _SUBSCRIPTION_FIELDS,
}
_HASHES: Final = {"1": hashes.SHA1, "2": hashes.SHA256}
_MAX_CACHED_CERTIFICATES: Final = 16
_FETCH_TIMEOUT_SECONDS: Final = 10.0
MAX_MESSAGE_AGE: Final = timedelta(hours=1)
# SNS stamps a message as it publishes it; allow for clocks that disagree, not for future messages.
MAX_CLOCK_SKEW: Final = timedelta(minutes=15)


class SnsSignatureError(ValueError):
    """The message is not provably from SNS; ``str()`` says why (safe to log)."""


class SnsMessageRejected(ValueError):
    """Signed or not, the message is not one we act on; ``reason`` is a short metric label."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def check_topic(message: Mapping[str, Any], allowed_topics: Sequence[str]) -> None:
    """Only our own topics (any topic while none are configured, as in development)."""
    if allowed_topics and message.get("TopicArn") not in allowed_topics:
        raise SnsMessageRejected("unknown_topic", "SNS message from a topic we do not subscribe to")


def check_fresh(message: Mapping[str, Any], now: datetime) -> None:
    """``Timestamp`` no older than an hour and not in the future; ``now`` is naive UTC."""
    timestamp = parse_timestamp(message.get("Timestamp"))
    if timestamp is None:
        raise SnsMessageRejected("bad_timestamp", "SNS message without a readable Timestamp")
    if timestamp < now - MAX_MESSAGE_AGE:
        raise SnsMessageRejected("stale", "SNS message older than an hour")
    if timestamp > now + MAX_CLOCK_SKEW:
        raise SnsMessageRejected("future", "SNS message from the future")


def is_aws_sns_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(_AWS_SNS_HOST.match(parts.hostname or "")) and parts.port is None


def string_to_sign(message: Mapping[str, Any]) -> bytes:
    fields = _SIGNED_FIELDS.get(str(message.get("Type")))
    if fields is None:
        raise SnsSignatureError("unknown SNS message type")
    text = "".join(f"{name}\n{message[name]}\n" for name in fields if message.get(name) is not None)
    return text.encode()


async def fetch_over_https(url: str) -> bytes:
    async with httpx.AsyncClient(timeout=_FETCH_TIMEOUT_SECONDS, follow_redirects=False) as client:
        response = await client.get(url)
        response.raise_for_status()
        return response.content


class SnsVerifier:
    def __init__(self, fetch: CertificateFetcher = fetch_over_https) -> None:
        self._fetch = fetch
        self._keys: dict[str, rsa.RSAPublicKey] = {}

    async def _public_key(self, url: str) -> rsa.RSAPublicKey:
        cached = self._keys.get(url)
        if cached is not None:
            return cached
        try:
            certificate = x509.load_pem_x509_certificate(await self._fetch(url))
        except (httpx.HTTPError, ValueError) as error:
            raise SnsSignatureError("signing certificate could not be loaded") from error
        key = certificate.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise SnsSignatureError("signing certificate does not hold an RSA key")
        if len(self._keys) >= _MAX_CACHED_CERTIFICATES:
            self._keys.clear()  # AWS rotates rarely; a bounded cache never grows with hostile input
        self._keys[url] = key
        return key

    async def verify(self, message: Mapping[str, Any]) -> None:
        """Raise :class:`SnsSignatureError` unless SNS signed this message."""
        algorithm = _HASHES.get(str(message.get("SignatureVersion")))
        if algorithm is None:
            raise SnsSignatureError("unsupported SignatureVersion")
        certificate_url = message.get("SigningCertURL")
        if not is_aws_sns_url(certificate_url) or not str(certificate_url).endswith(".pem"):
            raise SnsSignatureError("SigningCertURL is not an AWS SNS certificate")
        try:
            signature = base64.b64decode(str(message.get("Signature", "")), validate=True)
        except (binascii.Error, ValueError) as error:
            raise SnsSignatureError("Signature is not base64") from error
        key = await self._public_key(str(certificate_url))
        try:
            key.verify(signature, string_to_sign(message), padding.PKCS1v15(), algorithm())
        except InvalidSignature as error:
            raise SnsSignatureError("signature does not match") from error

    async def confirm_subscription(self, message: Mapping[str, Any]) -> bool:
        """Visit SubscribeURL (AWS hosts only) so SNS starts delivering; False if it was not visited."""
        url = message.get("SubscribeURL")
        if not is_aws_sns_url(url):
            return False
        await self._fetch(str(url))
        return True
