"""The API's request metrics, named and labelled as the original service exposed them.

Labels stay low-cardinality: ``path`` is the matched route's template (never a concrete URL with ids) or
``No endpoint`` when nothing matched.
"""

from __future__ import annotations

from typing import Final

from prometheus_client import Counter, Gauge, Histogram

NO_ENDPOINT: Final = "No endpoint"
REQUEST_LABELS: Final = ("method", "host", "path", "code")

HTTP_REQUESTS = Counter(
    "http_server_requests",
    "Number of HTTP requests served, by method, host, route and status code.",
    REQUEST_LABELS,
)
HTTP_REQUEST_DURATION = Histogram(
    "http_server_request_duration_seconds",
    "Time spent serving HTTP requests, by method, host, route and status code.",
    REQUEST_LABELS,
)
HTTP_EXCEPTIONS = Counter(
    "http_server_exceptions",
    "Number of requests that ended in an unhandled exception, by exception class.",
    ("error",),
)
# livesum: the sum over running processes only; a dead process's in-flight count is meaningless.
CONCURRENT_REQUESTS = Gauge(
    "concurrent_web_request_count",
    "Number of HTTP requests being served right now.",
    multiprocess_mode="livesum",
)
