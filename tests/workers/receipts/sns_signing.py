"""Test helpers: a self-signed certificate standing in for AWS's SNS signing certificate."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from notify_api.receipts.sns import string_to_sign

CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem"


@dataclass
class FakeSnsSigner:
    key: rsa.RSAPrivateKey
    certificate_pem: bytes
    fetched: list[str]

    @classmethod
    def create(cls) -> FakeSnsSigner:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.amazonaws.com")])
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate.public_bytes(serialization.Encoding.PEM), [])

    async def fetch(self, url: str) -> bytes:
        """The injected certificate fetcher: records what was asked for, serves our certificate."""
        self.fetched.append(url)
        return self.certificate_pem

    def sign(
        self, message: dict[str, Any], *, version: str = "1", cert_url: str = CERT_URL
    ) -> dict[str, Any]:
        signed = {**message, "SignatureVersion": version, "SigningCertURL": cert_url}
        algorithm = hashes.SHA1() if version == "1" else hashes.SHA256()
        signature = self.key.sign(string_to_sign(signed), padding.PKCS1v15(), algorithm)
        signed["Signature"] = base64.b64encode(signature).decode()
        return signed
