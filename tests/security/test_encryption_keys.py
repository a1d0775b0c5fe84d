"""Encryption at rest: HKDF-derived keys, a key id on each value, several SECRET_KEYs, legacy values."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from notify_api.crypto import DecryptionError, Encryption, key_id
from notify_api.settings import Settings


def legacy_token(secret_key: str, plaintext: bytes) -> str:
    """A value as stored before key ids: bare base64 under sha256(context + secret)."""
    key = hashlib.sha256(b"notify-api/encryption-at-rest/v2" + secret_key.encode()).digest()
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext, None)).decode()


def test_a_sealed_value_carries_the_key_id_and_opens_with_the_hkdf_key() -> None:
    token = Encryption("new").encrypt("hello")
    version, identifier, body = token.split(".")
    assert (version, identifier) == ("v3", key_id("new"))
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"notify-api/encryption-at-rest/v3"
    ).derive(b"new")
    raw = base64.urlsafe_b64decode(body)
    assert AESGCM(key).decrypt(raw[:12], raw[12:], None) == b"hello"


def test_key_ids_differ_per_key_and_do_not_reveal_it() -> None:
    assert key_id("new") != key_id("old")
    assert key_id("new") == key_id("new")
    assert "new" not in key_id("new")


def test_the_newest_key_seals_and_every_key_opens() -> None:
    old_token = Encryption("old").encrypt_json({"name": "Jo"})
    both = Encryption(["new", "old"])
    assert both.decrypt_json(old_token) == {"name": "Jo"}
    new_token = both.encrypt("secret")
    assert Encryption("new").decrypt(new_token) == "secret"
    assert both.is_current(new_token) and not both.is_current(old_token)
    with pytest.raises(DecryptionError):
        Encryption("old").decrypt(new_token)


def test_values_from_before_key_ids_still_open_with_any_configured_key() -> None:
    token = legacy_token("old", b"from last year")
    assert Encryption(["new", "old"]).decrypt(token) == "from last year"
    resealed = Encryption(["new", "old"]).reseal(token)
    assert Encryption("new").decrypt(resealed) == "from last year"
    with pytest.raises(DecryptionError):
        Encryption("new").decrypt(token)


@pytest.mark.parametrize(
    "token",
    ["v3.00000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not base64 at all!", "v3.", "", "v3.x.é"],
)
def test_a_value_no_key_opens_is_a_decryption_error(token: str) -> None:
    with pytest.raises(DecryptionError):
        Encryption(["new", "old"]).decrypt(token)


def test_a_changed_byte_does_not_open() -> None:
    token = Encryption("new").encrypt("hello")
    damaged = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    with pytest.raises(DecryptionError):
        Encryption("new").decrypt(damaged)


def test_secret_key_may_list_several_keys_newest_first() -> None:
    settings = Settings.from_env({"SECRET_KEY": '["newest", "older", "oldest"]'})
    assert settings.secret_key == "newest"
    assert settings.secret_keys == ("newest", "older", "oldest")


def test_a_single_key_with_commas_or_brackets_inside_stays_one_key() -> None:
    assert Settings.from_env({"SECRET_KEY": "a,b,c"}).secret_keys == ("a,b,c",)
    assert Settings.from_env({"SECRET_KEY": "a[b]"}).secret_keys == ("a[b]",)
    assert Settings.from_env({}).secret_keys == (Settings().secret_key,)


@pytest.mark.parametrize("value", ["[]", '["a", 1]', "[not json"])
def test_a_malformed_key_list_is_refused(value: str) -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"SECRET_KEY": value})


def test_production_refuses_the_development_key_anywhere_in_the_list() -> None:
    development = Settings().secret_key
    for value in (f'["real-new", "{development}"]', f'["{development}"]', '[""]'):
        settings = Settings.from_env({"NOTIFY_ENVIRONMENT": "production", "SECRET_KEY": value})
        assert "SECRET_KEY" in settings.missing_production_secrets()
    real = Settings.from_env({"NOTIFY_ENVIRONMENT": "production", "SECRET_KEY": '["real-new", "real-old"]'})
    assert "SECRET_KEY" not in real.missing_production_secrets()
