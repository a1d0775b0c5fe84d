"""Worker entrypoint: ``python worker_main.py [--processes N] [--threads M] [--queues Q ...] [other flags]``.

Runs Dramatiq's command line with our broker module and every actor module. Worker processes keep their
Prometheus metrics in memory and write no files, whatever environment they were started in.
"""

import os
import signal
import sys

# The signals Dramatiq's main process handles (SIGHUP: restart; SIGTERM, SIGINT: stop). Until its handlers are
# installed (after the imports below and its worker processes' start, a second or more) one of them would kill
# the process outright: a second SIGHUP during a restart did. Blocked from the first line instead, a signal
# waits and reaches Dramatiq's handler once it unblocks them, as Dramatiq itself does for its own start-up.
HANDLED_SIGNALS = {signal.SIGHUP, signal.SIGTERM, signal.SIGINT}
if __name__ == "__main__":  # only as the program: a process importing this file keeps its signals
    signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED_SIGNALS)

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


def block_signals_across_restarts() -> None:
    """Dramatiq restarts by ``os.execvp``; the signal mask survives an exec, so blocking first also covers
    the new interpreter's first moments, before this file's first line runs."""
    execvp = os.execvp

    def execvp_with_signals_blocked(file: str, args: list[str]) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED_SIGNALS)
        execvp(file, args)

    os.execvp = execvp_with_signals_blocked  # type: ignore[assignment]


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
    block_signals_across_restarts()
    parser = make_argument_parser()  # type: ignore[no-untyped-call]
    arguments = parser.parse_args([BROKER_MODULE, *ACTOR_MODULES, *flags])
    return int(dramatiq_main(arguments) or 0)  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    sys.exit(main())
