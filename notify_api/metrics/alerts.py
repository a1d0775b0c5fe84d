"""Operator alerts raised by the periodic checks: what a Prometheus rule can page on."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

ALERTS_RAISED = Counter(
    "notify_alerts_raised",
    "Alerts the periodic checks raised, by alert name.",
    ("alert",),
)
# max: the newest check in any process wins; 0 once a check finds nothing wrong again.
ALERT_ITEMS = Gauge(
    "notify_alert_items",
    "How many problems (letters, services, files) the last run of each check found; 0 means all clear.",
    ("alert",),
    multiprocess_mode="max",
)
