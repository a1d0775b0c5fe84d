"""Secrets at rest: encryption for values we must read back, hashing for values we only compare.

API-key secrets, callback bearer tokens, personalisation and inbound SMS content are encrypted with
AES-256-GCM (authenticated: a changed byte fails to decrypt) under a key derived with HKDF-SHA256 from a
SECRET_KEY, so a database dump does not hand out working API keys. Each value gets a random 96-bit nonce.

Stored text is ``v3.<key id>.<URL-safe base64 of nonce + ciphertext>``; the key id names the SECRET_KEY that
sealed it, so several keys can be configured (newest first: it seals, all of them open) while
``python cli.py rotate-encryption-key`` moves old values onto the newest. Values from before key ids (bare
base64, key ``sha256(context + secret)``) still open with any configured key. Passwords and verification codes
are hashed with bcrypt.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import bcrypt
import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = "v3"
_KEY_INFO = b"notify-api/encryption-at-rest/v3"
_KEY_ID_INFO = b"notify-api/encryption-at-rest/v3/key-id"
_LEGACY_KEY_CONTEXT = b"notify-api/encryption-at-rest/v2"
_NONCE_BYTES = 12
_KEY_ID_BYTES = 4


class DecryptionError(ValueError):
    pass


def _hkdf(secret_key: str, info: bytes, length: int) -> bytes:
    # HKDF objects are single use: one per derivation.
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret_key.encode())


@dataclass(frozen=True)
class _Key:
    key_id: str
    cipher: AESGCM


@lru_cache(maxsize=16)
def _key(secret_key: str) -> _Key:
    # The id comes from its own HKDF output, so it tells nothing about the encryption key itself.
    key_id = _hkdf(secret_key, _KEY_ID_INFO, _KEY_ID_BYTES).hex()
    return _Key(key_id, AESGCM(_hkdf(secret_key, _KEY_INFO, 32)))


@lru_cache(maxsize=16)
def _legacy_cipher(secret_key: str) -> AESGCM:
    return AESGCM(hashlib.sha256(_LEGACY_KEY_CONTEXT + secret_key.encode()).digest())


def key_id(secret_key: str) -> str:
    """The id that values sealed with this SECRET_KEY carry."""
    return _key(secret_key).key_id


def _try_open(ciphers: Sequence[AESGCM], raw: bytes) -> bytes | None:
    for cipher in ciphers:
        try:
            return cipher.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None)
        except (InvalidTag, ValueError):
            continue
    return None


class Encryption:
    """Seals with the first (newest) key; opens with any of them, and legacy values too."""

    def __init__(self, secret_keys: str | Sequence[str]) -> None:
        keys = [secret_keys] if isinstance(secret_keys, str) else list(secret_keys)
        if not keys:
            raise ValueError("at least one SECRET_KEY is needed")
        self._newest = _key(keys[0])
        self._by_id: dict[str, list[AESGCM]] = {}
        for secret in keys:
            key = _key(secret)
            self._by_id.setdefault(key.key_id, []).append(key.cipher)
        self._legacy = [_legacy_cipher(secret) for secret in keys]
        self.current_prefix = f"{VERSION}.{self._newest.key_id}."

    def _seal(self, plaintext: bytes) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = base64.urlsafe_b64encode(nonce + self._newest.cipher.encrypt(nonce, plaintext, None))
        return self.current_prefix + sealed.decode("ascii")

    def _open(self, token: str) -> bytes:
        # Legacy values are bare base64, which never contains ".", so the prefix cannot be mistaken.
        version, _, rest = token.partition(".")
        if version == VERSION and rest:
            key_id, _, body = rest.partition(".")
            ciphers = self._by_id.get(key_id, [])
        else:
            body, ciphers = token, self._legacy
        try:
            raw = base64.urlsafe_b64decode(body.encode("ascii"))
        except ValueError as error:
            raise DecryptionError("value is not valid encrypted text") from error
        opened = _try_open(ciphers, raw)
        if opened is None:
            raise DecryptionError("value could not be decrypted with any configured SECRET_KEY")
        return opened

    def is_current(self, token: str) -> bool:
        """Whether the value is already sealed with the newest key (rotation skips it)."""
        return token.startswith(self.current_prefix)

    def reseal(self, token: str) -> str:
        """The same plaintext sealed with the newest key."""
        return self._seal(self._open(token))

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
