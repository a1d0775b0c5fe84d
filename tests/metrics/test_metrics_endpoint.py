"""``GET /metrics`` and the request metrics middleware, as a scraper and an operator see them."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Mapping

import httpx
import pytest
from prometheus_client import REGISTRY, generate_latest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route

from notify_api.metrics.queue_depth import register_queue_depth_reader
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.tasks.depth import QueueStats
from notify_api.web.app import create_app
from notify_api.web.metrics_middleware import RequestMetrics
from notify_api.web.routes.metrics import accepts_gzip

Labels = Mapping[str, str]


def sample(exposition: str, name: str, labels: Labels) -> float:
    for family in text_string_to_metric_families(exposition):
        for found in family.samples:
            if found.name == name and all(found.labels.get(key) == value for key, value in labels.items()):
                return found.value
    return 0.0


def delta(before: str, after: str, name: str, labels: Labels) -> float:
    return sample(after, name, labels) - sample(before, name, labels)


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


async def test_requests_are_counted_by_route_and_status(client: httpx.AsyncClient) -> None:
    labels = {"method": "GET", "path": "/_status", "code": "200", "host": "localhost:6011"}
    before = await scrape(client)

    await client.get("/_status", params={"simple": "1"})
    await client.get("/_status", params={"simple": "1"})
    await client.get("/no/such/page/123")
    after = await scrape(client)

    assert delta(before, after, "http_server_requests_total", labels) == 2
    assert delta(before, after, "http_server_request_duration_seconds_count", labels) == 2
    missing = {"path": "No endpoint", "code": "404"}
    assert delta(before, after, "http_server_requests_total", missing) == 1
    assert "/no/such/page/123" not in after
    assert sample(after, "concurrent_web_request_count", {}) == 1  # the scrape itself


async def test_metrics_are_gzipped_only_for_clients_that_accept_it(client: httpx.AsyncClient) -> None:
    zipped = await client.get("/metrics", headers={"Accept-Encoding": "gzip"})
    plain = await client.get("/metrics", headers={"Accept-Encoding": "identity"})

    assert zipped.headers["content-encoding"] == "gzip"
    assert "http_server_requests_total" in zipped.text  # decoded by the client
    assert "content-encoding" not in plain.headers
    assert plain.headers["content-type"].startswith("text/plain")
    assert "http_server_requests_total" in plain.text


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("br, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_quality(header: str, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


class _BorrowedRuntime(Runtime):
    async def close(self) -> None:
        """The fixtures own the connection and the Redis client."""


@pytest.fixture
async def guarded_client(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    guarded = dataclasses.replace(settings, metrics_bearer_token="scrape-secret")
    borrowed = _BorrowedRuntime(
        settings=guarded, database=runtime.database, redis=runtime.redis, tasks=runtime.tasks
    )
    app = create_app(guarded, runtime_factory=lambda _: borrowed)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
            yield http


async def test_a_configured_bearer_token_is_required(guarded_client: httpx.AsyncClient) -> None:
    missing = await guarded_client.get("/metrics")
    wrong = await guarded_client.get("/metrics", headers={"Authorization": "Bearer not-it"})
    right = await guarded_client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})

    assert missing.status_code == 401
    assert wrong.status_code == 403
    assert right.status_code == 200
    assert "http_server_requests_total" in right.text


async def test_queue_depths_from_registered_readers_are_shown(client: httpx.AsyncClient) -> None:
    async def depths() -> dict[str, QueueStats]:
        return {"send-sms-tasks": QueueStats(3, 42.5), "send-email-tasks": QueueStats(0, 0.0)}

    async def broken() -> dict[str, QueueStats]:
        raise ConnectionError("broker away")

    unregister = [register_queue_depth_reader(depths), register_queue_depth_reader(broken)]
    try:
        exposition = await scrape(client)
    finally:
        for remove in unregister:
            remove()

    assert sample(exposition, "queue_depth", {"queue": "send-sms-tasks"}) == 3
    assert 'queue_depth{queue="send-email-tasks"} 0.0' in exposition
    assert sample(exposition, "queue_oldest_message_age_seconds", {"queue": "send-sms-tasks"}) == 42.5
    # once unregistered, only the app's own reader (the real queues, empty in this test) is left
    assert sample(await scrape(client), "queue_depth", {"queue": "send-sms-tasks"}) == 0


async def _thing(request: Request) -> Response:
    return PlainTextResponse("thing")


async def _explode(request: Request) -> Response:
    raise LookupError("boom")


def _template_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/things/{thing_id}", _thing),
            Mount("/v9/{service_id}", routes=[Route("/items/{item_id:int}", _thing)]),
            Route("/explode", _explode),
        ],
        middleware=[Middleware(RequestMetrics)],
    )


async def test_labels_use_full_route_templates_never_ids() -> None:
    app = _template_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://metrics.test") as http:
        before = await _default_registry_text()
        await http.get("/things/7f6c0f8e")
        await http.get("/v9/abc/items/12")
        await http.post("/things/1")
        after = await _default_registry_text()

    def counted(labels: Labels) -> float:
        full = {"host": "metrics.test", **labels}
        return delta(before, after, "http_server_requests_total", full)

    assert counted({"method": "GET", "path": "/things/{thing_id}", "code": "200"}) == 1
    assert counted({"method": "GET", "path": "/v9/{service_id}/items/{item_id:int}", "code": "200"}) == 1
    assert counted({"method": "POST", "path": "/things/{thing_id}", "code": "405"}) == 1
    assert "7f6c0f8e" not in after and "/v9/abc" not in after


async def test_unhandled_exceptions_are_counted_by_class_and_as_500s() -> None:
    app = _template_app()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://metrics.test") as http:
        before = await _default_registry_text()
        response = await http.get("/explode")
        after = await _default_registry_text()

    assert response.status_code == 500
    errors = {"error": "LookupError"}
    assert delta(before, after, "http_server_exceptions_total", errors) == 1
    failed = {"path": "/explode", "code": "500", "host": "metrics.test"}
    assert delta(before, after, "http_server_requests_total", failed) == 1


async def _default_registry_text() -> str:
    return generate_latest(REGISTRY).decode()
