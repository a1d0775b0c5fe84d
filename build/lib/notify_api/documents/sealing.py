"""Per-document encryption: AES-256-GCM under a random key that only the download URL carries.

The sealed blob is ``version byte + 12-byte nonce + ciphertext``. The document's location is the associated
data, so a blob copied under another service or id does not open. A wrong key fails authentication.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES: Final = 32
_NONCE_BYTES: Final = 12
_VERSION: Final = b"\x01"


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def key_to_text(key: bytes) -> str:
    """URL-safe base64 without padding: 43 characters for a 32-byte key."""
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode("ascii")


def key_from_text(text: str) -> bytes | None:
    if len(text) != 43:
        return None
    try:
        key = base64.urlsafe_b64decode(text + "=")
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == KEY_BYTES else None


def seal(key: bytes, location: str, plaintext: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    return _VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, location.encode())


def unseal(key: bytes, location: str, sealed: bytes) -> bytes | None:
    """The plaintext, or None when the key or location is wrong or the blob is damaged."""
    if not sealed.startswith(_VERSION) or len(sealed) < 1 + _NONCE_BYTES + 16:
        return None
    nonce, ciphertext = sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, location.encode())
    except InvalidTag:
        return None
