"""Secrets at rest: encryption for values we must read back, hashing for values we only compare.

API-key secrets, callback bearer tokens, personalisation and inbound SMS content are encrypted with
AES-256-GCM (authenticated: a changed byte fails to decrypt) under a key derived from SECRET_KEY, so a
database dump does not hand out working API keys. Each value gets a random 96-bit nonce; the stored text is
URL-safe base64 of nonce + ciphertext. Passwords and verification codes are hashed with bcrypt.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from typing import Any

import bcrypt
import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_KEY_CONTEXT = b"notify-api/encryption-at-rest/v2"


class DecryptionError(ValueError):
    pass


_NONCE_BYTES = 12


@lru_cache(maxsize=8)
def _cipher(secret_key: str) -> AESGCM:
    return AESGCM(hashlib.sha256(_KEY_CONTEXT + secret_key.encode()).digest())


class Encryption:
    def __init__(self, secret_key: str) -> None:
        self._cipher = _cipher(secret_key)

    def _seal(self, plaintext: bytes) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        return base64.urlsafe_b64encode(nonce + self._cipher.encrypt(nonce, plaintext, None)).decode("ascii")

    def _open(self, token: str) -> bytes:
        try:
            raw = base64.urlsafe_b64decode(token.encode("ascii"))
            return self._cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None)
        except (InvalidTag, ValueError) as error:
            raise DecryptionError("value could not be decrypted with this SECRET_KEY") from error

    def encrypt(self, value: str) -> str:
        return self._seal(value.encode())

    def decrypt(self, token: str) -> str:
        return self._open(token).decode()

    def encrypt_json(self, value: Any) -> str:
        return self._seal(orjson.dumps(value))

    def decrypt_json(self, token: str) -> Any:
        return orjson.loads(self._open(token))


# Cost 10 as the original: a login stays well under 100 ms on one core.
BCRYPT_ROUNDS = 10


def hash_secret(value: str) -> str:
    return bcrypt.hashpw(value.encode(), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


def check_hashed_secret(value: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(value.encode(), hashed.encode("ascii"))
    except ValueError:
        return False
