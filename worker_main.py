"""Worker entrypoint: ``python worker_main.py [--processes N] [--threads M] [--queues Q ...] [other flags]``.

Runs Dramatiq's command line with our broker module and every actor module. Worker processes keep their
Prometheus metrics in memory and write no files, whatever environment they were started in.
"""

import os
import sys

# prometheus-client picks multiprocess mode at import from these variables, and Dramatiq's Prometheus
# middleware from the last one. This file is the workers' process boundary, the one place on that side
# allowed to change os.environ: drop them before anything imports either library. Children (restarted
# ones too, and the master re-executed on SIGHUP) inherit the cleaned environment.
MULTIPROCESS_METRICS_VARIABLES = ("PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir", "dramatiq_prom_db")


def forget_multiprocess_metrics_environment() -> None:
    for name in MULTIPROCESS_METRICS_VARIABLES:
        os.environ.pop(name, None)


forget_multiprocess_metrics_environment()

import importlib  # noqa: E402
from pathlib import Path  # noqa: E402

from dramatiq.cli import main as dramatiq_main  # noqa: E402
from dramatiq.cli import make_argument_parser  # noqa: E402

from notify_api.settings import Settings  # noqa: E402

BROKER_MODULE = "notify_workers.broker"
ACTOR_MODULES = ("notify_workers.actors",)
SHUTDOWN_TIMEOUT_MS = 75_000


def main(argv: list[str] | None = None) -> int:
    Settings.from_env().check_production_secrets()
    flags = list(sys.argv[1:] if argv is None else argv)
    # On SIGHUP Dramatiq stops its children and re-executes ``sys.argv``; make that this same interpreter
    # running this file again, rather than a bare script name looked up on PATH.
    sys.argv = [sys.executable, str(Path(__file__).resolve()), *flags]
    # Imported once here, before Dramatiq forks its worker processes, so that each (and each replacement
    # after a SIGHUP) starts with them loaded instead of importing them again. Nothing here may open a
    # connection at import: runtimes are built on first use inside each worker process.
    for module in (BROKER_MODULE, *ACTOR_MODULES):
        importlib.import_module(module)
    if not any(flag.startswith("--worker-shutdown-timeout") for flag in flags):
        # On SIGTERM in-flight sends get this long to finish (above the 60 s provider timeout); fetched but
        # unstarted messages go back to the queue. Dramatiq's own default is 10 minutes.
        flags += ["--worker-shutdown-timeout", str(SHUTDOWN_TIMEOUT_MS)]
    parser = make_argument_parser()  # type: ignore[no-untyped-call]
    arguments = parser.parse_args([BROKER_MODULE, *ACTOR_MODULES, *flags])
    return int(dramatiq_main(arguments) or 0)  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    sys.exit(main())
