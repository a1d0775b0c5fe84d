"""``GET /metrics``: Prometheus text exposition, behind a bearer token when one is configured.

401 without an ``Authorization`` header, 403 with the wrong one; gzipped when the client accepts it.
In production (``is_production``) the token is required: without ``METRICS_BEARER_TOKEN`` nobody may scrape.
"""

from __future__ import annotations

import asyncio
import gzip
import hmac

import redis.asyncio as aioredis
from prometheus_client import CONTENT_TYPE_LATEST
from redis.exceptions import RedisError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.logging import get_logger
from notify_api.metrics.alerts import AlertState, read_alert_state
from notify_api.metrics.exposition import multiprocess_directory, render_metrics
from notify_api.metrics.queue_depth import read_queue_depths
from notify_api.web.auth import no_auth
from notify_api.web.context import runtime_of

log = get_logger(__name__)


async def metrics(request: Request) -> Response:
    settings = runtime_of(request).settings
    _require_token(request, settings.metrics_bearer_token)
    depths = await read_queue_depths()
    alerts = await _alert_state(runtime_of(request).redis)
    body = await asyncio.to_thread(render_metrics, multiprocess_directory(settings), depths, alerts)
    headers: dict[str, str] = {}
    if accepts_gzip(request.headers.get("accept-encoding", "")):
        body = gzip.compress(body, compresslevel=6)
        headers["Content-Encoding"] = "gzip"
    return Response(body, headers=headers, media_type=CONTENT_TYPE_LATEST)


async def _alert_state(redis: aioredis.Redis) -> AlertState | None:
    """The periodic checks' results; Redis being down must not break the rest of the scrape."""
    try:
        return await read_alert_state(redis)
    except (RedisError, OSError) as error:
        log.warning("metrics.alert_state_failed", error=type(error).__name__)
        return None


def _require_token(request: Request, token: str) -> None:
    if not token:
        return
    presented = request.headers.get("authorization")
    if presented is None:
        raise HTTPException(401, "Unauthorized")
    if not hmac.compare_digest(presented.encode(), f"Bearer {token}".encode()):
        raise HTTPException(403, "Forbidden")


def accepts_gzip(accept_encoding: str) -> bool:
    for offer in accept_encoding.split(","):
        coding, _, parameters = offer.strip().partition(";")
        if coding.strip().lower() not in {"gzip", "*"}:
            continue
        quality = parameters.strip().removeprefix("q=").strip()
        return not quality or _quality(quality) > 0
    return False


def _quality(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


# No API auth: the scraper presents the metrics token, checked above (always required in production).
routes: list[BaseRoute] = [Route("/metrics", no_auth(metrics), methods=["GET"])]
