"""Signed, timed link tokens."""

from __future__ import annotations

import pytest

from notify_api.signed_links import BadToken, ExpiredToken, read_token, sign_token

SECRET = "a-secret-key-for-tests"


def test_a_token_reads_back_within_its_age() -> None:
    token = sign_token({"user_id": "abc", "secret_code": "x"}, SECRET, now=1_000_000)

    assert read_token(token, SECRET, max_age_seconds=3600, now=1_003_600) == {
        "user_id": "abc",
        "secret_code": "x",
    }


def test_a_token_is_url_safe() -> None:
    token = sign_token({"email": "a+b/c?@example.gov.uk" * 5}, SECRET)

    assert all(character.isalnum() or character in "-_." for character in token)


def test_an_old_token_has_expired() -> None:
    token = sign_token({"email": "a@b.gov.uk"}, SECRET, now=1_000_000)

    with pytest.raises(ExpiredToken):
        read_token(token, SECRET, max_age_seconds=3600, now=1_003_601)


def test_another_secret_or_salt_does_not_verify() -> None:
    token = sign_token({"email": "a@b.gov.uk"}, SECRET)

    with pytest.raises(BadToken):
        read_token(token, "another-secret", max_age_seconds=60)
    with pytest.raises(BadToken):
        read_token(token, SECRET, max_age_seconds=60, salt="another-salt")


def test_a_changed_payload_does_not_verify() -> None:
    _payload, timestamp, signature = sign_token({"user_id": "abc"}, SECRET).split(".")
    forged = sign_token({"user_id": "someone-else"}, "guess").split(".")[0]

    with pytest.raises(BadToken):
        read_token(f"{forged}.{timestamp}.{signature}", SECRET, max_age_seconds=60)
    with pytest.raises(BadToken):
        read_token("not-a-token", SECRET, max_age_seconds=60)


def test_the_admin_frontend_library_reads_our_tokens() -> None:
    itsdangerous = pytest.importorskip("itsdangerous")
    token = sign_token({"user_id": "abc", "email": "a@b.gov.uk"}, SECRET, salt="some-salt")

    reader = itsdangerous.URLSafeTimedSerializer(SECRET)
    assert reader.loads(token, salt="some-salt", max_age=60) == {"user_id": "abc", "email": "a@b.gov.uk"}
    # and we read theirs, compressed or not
    for payload in ({"a": 1}, {"long": "x" * 500}):
        theirs = reader.dumps(payload, salt="some-salt")
        assert read_token(theirs, SECRET, max_age_seconds=60, salt="some-salt") == payload
