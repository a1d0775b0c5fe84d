"""OPTIONS requests, which browsers send before a cross-origin call (CORS preflight), without credentials.

Flask answered OPTIONS on every route by itself; Starlette routes only the methods they list. This answers it
for any path a route serves: 200, no body, ``Allow`` with that path's methods. The CORS headers come from
`CorsAndRequestContext`, further out. A path no route serves goes on to the usual 404.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send


class Preflight:
    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = [route for route in routes if isinstance(route, Route)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        methods = self._methods_served(scope)
        if not methods:
            await self.app(scope, receive, send)
            return
        allow = ", ".join(sorted({*methods, "OPTIONS"}))
        await Response(status_code=200, headers={"Allow": allow})(scope, receive, send)

    def _methods_served(self, scope: Scope) -> set[str]:
        methods: set[str] = set()
        for route in self.routes:
            match, _ = route.matches(scope)
            if match is not Match.NONE:
                methods |= route.methods or set()
        return methods
