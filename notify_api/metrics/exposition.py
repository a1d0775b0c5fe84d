"""What ``GET /metrics`` serves, and the process start/stop hooks that keep the directory bounded.

Blocking file work: call these from a thread (``asyncio.to_thread``) in async code.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, values
from prometheus_client.multiprocess import MultiProcessCollector

from notify_api.metrics.alerts import AlertState, AlertStateCollector
from notify_api.metrics.archive import exclusive_lock, merge_dead_processes, merge_dead_processes_locked
from notify_api.metrics.queue_depth import QueueDepthCollector
from notify_api.settings import Settings
from notify_api.tasks.depth import QueueStats


def multiprocess_directory(settings: Settings) -> Path | None:
    """The shared metrics directory, or None when this process keeps its metrics in memory.

    prometheus-client chose its mode when first imported; a directory in the settings means nothing unless
    the library is writing files.
    """
    if not settings.prometheus_multiproc_dir or not getattr(values.ValueClass, "_multiprocess", False):
        return None
    return Path(settings.prometheus_multiproc_dir)


def process_started(settings: Settings) -> None:
    """At an API process's start: fold in whatever processes died since the last merge (crashed ones too)."""
    directory = multiprocess_directory(settings)
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        merge_dead_processes(directory)


def process_stopping(settings: Settings) -> None:
    """At an API process's clean shutdown, after its last request: fold its own files into the archives."""
    directory = multiprocess_directory(settings)
    if directory is None:
        return
    if directory.is_dir():
        merge_dead_processes(directory, also_retire=os.getpid())
    # A multiprocess server process exits next. Without this the interpreter's final collections walk the
    # whole heap (about 2 s with our imports), and the supervisor, whose health check times out after 5 s,
    # replaces a recycled process late: meanwhile nobody may be accepting connections.
    gc.freeze()


def render_metrics(
    directory: Path | None, queue_depths: Mapping[str, QueueStats], alerts: AlertState | None = None
) -> bytes:
    """The text exposition of every process's metrics (multiprocess mode) or of this process's registry."""
    registry = CollectorRegistry()
    registry.register(QueueDepthCollector(queue_depths))
    if alerts is not None:
        registry.register(AlertStateCollector(alerts))
    if directory is None:
        return generate_latest(REGISTRY) + generate_latest(registry)
    MultiProcessCollector(registry, path=str(directory))  # type: ignore[no-untyped-call]
    # Cheap when nothing died; the lock also keeps a concurrent merge from being read half-done.
    with exclusive_lock(directory):
        merge_dead_processes_locked(directory)
        return generate_latest(registry)
