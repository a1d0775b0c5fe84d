"""The Starlette application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from notify_api.logging import configure_logging
from notify_api.metrics.exposition import process_started, process_stopping
from notify_api.metrics.queue_depth import register_queue_depth_reader
from notify_api.runtime import Runtime, build_runtime
from notify_api.settings import Settings
from notify_api.tasks.depth import queue_stats
from notify_api.web.body_limits import BodyLimits
from notify_api.web.errors import EXCEPTION_HANDLERS
from notify_api.web.metrics_middleware import RequestMetrics
from notify_api.web.middleware import CorsAndRequestContext, ServerErrors
from notify_api.web.preflight import Preflight
from notify_api.web.routes import documents, internal, metrics, provider_callbacks, public_v2, status


def all_routes() -> list[BaseRoute]:
    """Every route group, in one place."""
    return [
        *status.routes,
        *metrics.routes,
        *public_v2.routes,
        *internal.routes,
        *provider_callbacks.routes,
        *documents.routes,
    ]


def create_app(
    settings: Settings | None = None,
    *,
    runtime_factory: Callable[[Settings], Runtime] | None = None,
) -> Starlette:
    """Build the app. ``runtime_factory`` lets tests hand in a runtime bound to a rolled-back connection."""
    settings = settings or Settings.from_env()
    settings.check_production_secrets()
    configure_logging(settings)
    factory = runtime_factory or build_runtime

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await asyncio.to_thread(process_started, settings)  # merge metrics files of dead processes
        runtime = factory(settings)
        app.state.runtime = runtime
        # Queue depths on /metrics let a platform autoscale workers (Redis broker; RabbitMQ has its own).
        stop_reading_queues = (
            register_queue_depth_reader(lambda: queue_stats(runtime.redis, settings.queue_prefix))
            if settings.task_broker_url == settings.redis_url
            else lambda: None
        )
        try:
            yield
        finally:
            stop_reading_queues()
            await runtime.close()
            await asyncio.to_thread(process_stopping, settings)  # archive this process's metrics files

    routes = all_routes()
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestMetrics),
            Middleware(CorsAndRequestContext),
            Middleware(ServerErrors),
            Middleware(Preflight, routes=routes),
            Middleware(BodyLimits, read_timeout=settings.http_body_read_timeout_seconds),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
