"""Test helpers: auth headers for the two APIs."""

from __future__ import annotations

import time
import uuid

import jwt

from notify_api.settings import Settings


def admin_headers(settings: Settings) -> dict[str, str]:
    token = jwt.encode(
        {"iss": settings.admin_client_id, "iat": int(time.time())},
        settings.admin_secrets[0],
        algorithm="HS256",
    )
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


def service_headers(service_id: uuid.UUID | str, secret: str) -> dict[str, str]:
    token = jwt.encode({"iss": str(service_id), "iat": int(time.time())}, secret, algorithm="HS256")
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
