"""Access to the process runtime from a request."""

from __future__ import annotations

from starlette.requests import Request

from notify_api.runtime import Runtime


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime
