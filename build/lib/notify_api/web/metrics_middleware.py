"""Pure ASGI middleware recording the request metrics (count, duration, in-flight, unhandled exceptions).

The ``path`` label is the matched route's full template (mount prefixes included), read from the route
Starlette's router leaves in the scope, so ids never become label values.
"""

from __future__ import annotations

import time
from typing import Any, Final

from prometheus_client import Counter, Histogram
from starlette.routing import BaseRoute, Host, Mount, Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notify_api.metrics.http import (
    CONCURRENT_REQUESTS,
    HTTP_EXCEPTIONS,
    HTTP_REQUEST_DURATION,
    HTTP_REQUESTS,
    NO_ENDPOINT,
)

# The Host header is chosen by the client; past this many distinct values a process reports "other".
MAX_DISTINCT_HOSTS: Final = 20
OTHER_HOST: Final = "other"


class RequestMetrics:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._templates: dict[int, str] | None = None
        self._hosts: set[str] = set()
        self._series: dict[tuple[str, str, str, str], tuple[Counter, Histogram]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        application = scope.get("app")  # the outer app: a mounted sub-app may replace it further down
        status_code = 500  # what the client gets if nothing downstream starts a response

        async def send_recording_status(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        started = time.perf_counter()
        CONCURRENT_REQUESTS.inc()
        try:
            await self.app(scope, receive, send_recording_status)
        except Exception as error:
            HTTP_EXCEPTIONS.labels(type(error).__name__).inc()
            raise
        finally:
            CONCURRENT_REQUESTS.dec()
            counter, histogram = self._series_for(
                scope["method"], self._host(scope), self._path_template(application, scope), str(status_code)
            )
            counter.inc()
            histogram.observe(time.perf_counter() - started)

    def _series_for(self, method: str, host: str, path: str, code: str) -> tuple[Counter, Histogram]:
        key = (method, host, path, code)
        series = self._series.get(key)
        if series is None:
            series = (HTTP_REQUESTS.labels(*key), HTTP_REQUEST_DURATION.labels(*key))
            self._series[key] = series
        return series

    def _host(self, scope: Scope) -> str:
        host = ""
        for name, value in scope.get("headers", ()):
            if name == b"host":
                host = value.decode("latin-1")
                break
        if host in self._hosts:
            return host
        if len(self._hosts) >= MAX_DISTINCT_HOSTS:
            return OTHER_HOST
        self._hosts.add(host)
        return host

    def _path_template(self, application: Any, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:
            return NO_ENDPOINT
        if self._templates is None:
            self._templates = route_templates(getattr(application, "routes", []))
        return self._templates.get(id(route)) or str(getattr(route, "path", NO_ENDPOINT))


def route_templates(routes: list[BaseRoute], prefix: str = "") -> dict[int, str]:
    """Each route object's full path template, keyed by the object's identity."""
    templates: dict[int, str] = {}
    for route in routes:
        if isinstance(route, Route | WebSocketRoute):
            templates[id(route)] = prefix + route.path
        elif isinstance(route, Mount):
            templates[id(route)] = prefix + route.path
            templates.update(route_templates(list(route.routes), prefix + route.path))
        elif isinstance(route, Host):
            templates.update(route_templates(list(route.routes), prefix))
    return templates
