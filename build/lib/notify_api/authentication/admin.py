"""Admin API auth: a JWT whose ``iss`` is the admin client id, signed with one of its secrets (rotation)."""

from __future__ import annotations

from typing import Final

from notify_api.authentication.jwt_tokens import bearer_token, find_signing_key, unverified_issuer
from notify_api.errors import AuthError
from notify_api.settings import Settings

NOT_ALLOWED: Final = "Unauthorized: not allowed to perform this action"


def authenticate_admin(
    settings: Settings, authorization: str | None, forwarder_secret: str | None = None
) -> str:
    """Return the authenticated client id or raise :class:`AuthError` with Notify's message."""
    if settings.check_proxy_header and not settings.is_route_secret(forwarder_secret):
        raise AuthError("Request not allowed", 403)
    token = bearer_token(authorization)
    issuer = unverified_issuer(token)
    if issuer != settings.admin_client_id:
        raise AuthError(NOT_ALLOWED, 401)
    secrets = settings.admin_secrets
    return find_signing_key(token, ((settings.admin_client_id, secret) for secret in secrets))
