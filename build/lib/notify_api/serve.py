"""API launcher: ``python -m notify_api.serve [--workers N] [--port P] [--host H] [--limit-max-requests N]``.

Prepares the metrics directory (created, and wiped of an earlier run's metrics files), switches
prometheus-client to multiprocess mode for the server processes, then serves ``asgi:app`` with gunicorn
managing uvicorn worker processes (uvloop, httptools). The app is imported once in the parent and server
processes are forked from it (``--no-preload`` to import in each), so a recycled process is replaced in
milliseconds rather than after a full import; everything that holds connections is built in the lifespan,
after the fork. prometheus-client notices the new pid in a forked process and writes files of its own.

Why gunicorn rather than ``uvicorn --workers``: uvicorn's supervisor does restart a child that exits after
``--limit-max-requests``, but it notices through a health-check ping, and a ping sent just before the child
exits waits out its 5 s timeout, during which no replacement starts (with two workers recycling together,
nobody accepts connections). gunicorn reaps children on SIGCHLD and forks a replacement at once, and has a
``child_exit`` hook in the parent process, used here to archive the metrics files of a process that died
(and ``on_exit``, for the parent's own). Each server process also folds in dead processes' files at start-up
and its own at clean shutdown (see ``notify_api.metrics.archive``), so the directory stays bounded however
often processes recycle.

Nothing imported at the top of this module may import prometheus-client: the library picks its mode at
import, and this process has to set the directory first.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]
from uvicorn_worker import UvicornWorker  # type: ignore[import-untyped]

from notify_api.metrics.files import wipe
from notify_api.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_METRICS_DIRECTORY = PROJECT_ROOT / ".local" / "metrics"


class ServerProcess(UvicornWorker):  # type: ignore[misc]
    """One server process: uvloop, httptools, lifespan events, no access log (for speed)."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        "loop": "uvloop",
        "http": "httptools",
        "lifespan": "on",
        "access_log": False,
    }


class ServerProcessWithAccessLog(ServerProcess):
    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {**ServerProcess.CONFIG_KWARGS, "access_log": True}


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn configured in code: no config file, no command line of its own."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self._options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        # Runs in each server process after the fork, so the app (and prometheus-client) start fresh there.
        if str(PROJECT_ROOT) not in sys.path:
            sys.path.insert(0, str(PROJECT_ROOT))
        from asgi import app

        # Everything imported so far lives as long as the process: freeze it out of the garbage collector's
        # walks, and collect young objects less often. Both shorten the pauses that show up in p99 latency.
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)
        return app


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m notify_api.serve", description="Serve the Notify API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6011)
    parser.add_argument("--workers", type=int, default=1, help="server processes (default: 1)")
    parser.add_argument(
        "--limit-max-requests", type=int, default=0, help="replace a server process after N requests"
    )
    parser.add_argument("--access-log", action="store_true", help="log every request (off by default: speed)")
    parser.add_argument(
        "--no-preload",
        dest="preload",
        action="store_false",
        help="import the app in each server process rather than once in the parent before forking",
    )
    return parser.parse_args(argv)


def prepare_metrics_directory(directory: Path) -> Path:
    """Create the directory and remove the metrics files an earlier run left (only those: the directory
    may be shared with something else by mistake)."""
    directory.mkdir(parents=True, exist_ok=True)
    wipe(directory)
    return directory


def export_metrics_directory(directory: Path) -> None:
    """The process boundary: the one place the API side writes ``os.environ``.

    Server processes inherit it, so prometheus-client starts in multiprocess mode there; the lower-case
    legacy name is removed so that the two can never disagree.
    """
    os.environ.pop("prometheus_multiproc_dir", None)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)


def archive_exited_process(directory: Path) -> Callable[[Any, Any], None]:
    """gunicorn's ``child_exit`` hook: runs in the parent once a server process has been reaped, so files of
    one that crashed are archived at once rather than at the next process start-up."""

    def child_exit(server: Any, worker: Any) -> None:
        from notify_api.metrics.archive import merge_dead_processes

        merge_dead_processes(directory)

    return child_exit


def archive_parent_process(directory: Path) -> Callable[[Any], None]:
    """gunicorn's ``on_exit`` hook: the parent imported the app (preloading), so it has files of its own."""

    def on_exit(server: Any) -> None:
        from notify_api.metrics.archive import merge_dead_processes

        merge_dead_processes(directory, also_retire=os.getpid())

    return on_exit


def server_options(arguments: argparse.Namespace, metrics_directory: Path) -> dict[str, Any]:
    return {
        "bind": [f"{arguments.host}:{arguments.port}"],
        "workers": arguments.workers,
        "worker_class": ServerProcessWithAccessLog if arguments.access_log else ServerProcess,
        "max_requests": arguments.limit_max_requests,
        "accesslog": "-" if arguments.access_log else None,
        "child_exit": archive_exited_process(metrics_directory),
        "on_exit": archive_parent_process(metrics_directory),
        "control_socket_disable": True,  # gunicorn's runtime control socket: not used, so not created
        "proc_name": "notify-api",
        "preload_app": arguments.preload,
    }


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    settings = Settings.from_env()
    settings.check_production_secrets()
    configured = settings.prometheus_multiproc_dir
    directory = prepare_metrics_directory(Path(configured) if configured else DEFAULT_METRICS_DIRECTORY)
    export_metrics_directory(directory.resolve())
    Server(server_options(arguments, directory.resolve())).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
