"""Browsers ask OPTIONS, without credentials, before a cross-origin call: every route answers it."""

from __future__ import annotations

import httpx
import pytest

PREFLIGHT = {"Origin": "https://example.com", "Access-Control-Request-Method": "POST"}


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/v2/template/4aa4d0d5-81d2-4765-88f9-13d7baab529c/preview", "OPTIONS, POST"),
        ("/v2/notifications", "GET, HEAD, OPTIONS"),
        ("/v2/template/4aa4d0d5-81d2-4765-88f9-13d7baab529c/version/2", "GET, HEAD, OPTIONS"),
        ("/v2/openapi.json", "GET, HEAD, OPTIONS"),
    ],
)
async def test_preflight_is_answered_with_the_cors_headers(
    client: httpx.AsyncClient, path: str, allowed: str
) -> None:
    response = await client.options(path, headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["allow"] == allowed
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-headers"] == "Content-Type,Authorization"
    assert response.headers["access-control-allow-methods"] == "GET,PUT,POST,DELETE"


async def test_options_on_a_path_no_route_serves_is_the_old_format_404(client: httpx.AsyncClient) -> None:
    response = await client.options("/v2/no-such-thing", headers=PREFLIGHT)
    assert response.status_code == 404
    assert response.json()["result"] == "error"
    assert response.headers["access-control-allow-origin"] == "*"
