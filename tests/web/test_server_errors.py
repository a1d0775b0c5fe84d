"""An error no route expected is a 500 that is still a good HTTP citizen: the surface's envelope with no
internal detail, CORS headers, the request id to find it in the logs, and a connection that goes on
working."""

from __future__ import annotations

import asyncio

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.live_server import free_port


async def _boom(request: Request) -> Response:
    raise RuntimeError("a secret detail that must not reach the client")


def _with_failing_routes(app: Starlette) -> Starlette:
    # Starlette builds its middleware stack on the first request, so routes added now are served through it.
    app.router.routes[:0] = [Route("/v2/boom", _boom), Route("/boom", _boom)]
    return app


async def test_a_500_has_the_envelope_cors_and_a_request_id(app: Starlette) -> None:
    _with_failing_routes(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as client:
        v2 = await client.get("/v2/boom", headers={"X-Request-Id": "trace-me"})
        admin = await client.get("/boom")

    assert v2.status_code == 500
    assert v2.json() == {
        "status_code": 500,
        "errors": [{"error": "InternalServerError", "message": "Internal server error"}],
    }
    assert v2.headers["x-request-id"] == "trace-me"
    assert v2.headers["access-control-allow-origin"] == "*"
    assert admin.status_code == 500
    assert admin.json() == {"result": "error", "message": "Internal server error"}
    assert admin.headers["x-request-id"]
    assert "secret detail" not in v2.text + admin.text


async def test_the_connection_serves_the_next_request_after_a_500(app: Starlette) -> None:
    _with_failing_routes(app)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:  # noqa: ASYNC110 - uvicorn offers no started event
            await asyncio.sleep(0.02)
        # One connection (a pool of one), many requests: a reset connection would fail the ones after a 500.
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits) as client:
            statuses = [(await client.get(path)).status_code for path in ["/boom", "/_status?simple=1"] * 5]
        assert statuses == [500, 200] * 5
    finally:
        server.should_exit = True
        await serving
