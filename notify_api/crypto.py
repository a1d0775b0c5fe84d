"""Secrets at rest: encryption for values we must read back, hashing for values we only compare.

API-key secrets, callback bearer tokens, personalisation and inbound SMS content are encrypted with Fernet
(AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY, so a database dump does not hand out
working API keys. Passwords and verification codes are hashed with bcrypt.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

import bcrypt
import orjson
from cryptography.fernet import Fernet, InvalidToken

_KEY_CONTEXT = b"notify-api/encryption-at-rest/v1"


class DecryptionError(ValueError):
    pass


@lru_cache(maxsize=8)
def _fernet(secret_key: str) -> Fernet:
    derived = hashlib.sha256(_KEY_CONTEXT + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


class Encryption:
    def __init__(self, secret_key: str) -> None:
        self._fernet = _fernet(secret_key)

    def encrypt(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except InvalidToken as error:
            raise DecryptionError("value could not be decrypted with this SECRET_KEY") from error

    def encrypt_json(self, value: Any) -> str:
        return self._fernet.encrypt(orjson.dumps(value)).decode("ascii")

    def decrypt_json(self, token: str) -> Any:
        try:
            return orjson.loads(self._fernet.decrypt(token.encode("ascii")))
        except InvalidToken as error:
            raise DecryptionError("value could not be decrypted with this SECRET_KEY") from error


# Cost 10 as the original: a login stays well under 100 ms on one core.
BCRYPT_ROUNDS = 10


def hash_secret(value: str) -> str:
    return bcrypt.hashpw(value.encode(), bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


def check_hashed_secret(value: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(value.encode(), hashed.encode("ascii"))
    except ValueError:
        return False
