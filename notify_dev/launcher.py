"""`make run`: everything a newcomer needs, started and stopped together.

Finds or starts PostgreSQL and Redis, creates and migrates the database, creates a development service with
API keys, then runs the moto server (SES/S3), the provider simulator, the API, a worker, the scheduler and the
simulated printer as child processes. Ctrl-C stops every process it started.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg

from notify_api.tasks.queues import PRIORITY_LANE, prefixed
from notify_dev.local_services import LOCAL_DIR, PROJECT_ROOT, LocalServices, ensure_services, port_open

API_PORT = 6011
SIMULATOR_PORT = 6300
MOTO_PORT = 6400
DATABASE_NAME = "notification_api"


async def _create_database_if_missing(database_url: str) -> None:
    admin_url = database_url.replace("postgresql+asyncpg://", "postgresql://").replace(
        f"/{DATABASE_NAME}", "/postgres", 1
    )
    connection = await asyncpg.connect(admin_url)
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", DATABASE_NAME)
        if not exists:
            await connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    finally:
        await connection.close()


def _child_environment(database_url: str, redis_url: str) -> dict[str, str]:
    # The launcher is a process boundary: it passes its own environment on, with the local addresses added.
    env = dict(os.environ)
    env.setdefault("NOTIFY_ENVIRONMENT", "development")
    env.setdefault("SQLALCHEMY_DATABASE_URI", database_url)
    env.setdefault("REDIS_URL", redis_url)
    env.setdefault("AWS_ENDPOINT_URL", f"http://127.0.0.1:{MOTO_PORT}")
    env.setdefault("AWS_ACCESS_KEY_ID", "local")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    env.setdefault("API_HOST_NAME", f"http://127.0.0.1:{API_PORT}")
    env.setdefault("MMG_URL", f"http://127.0.0.1:{SIMULATOR_PORT}/mmg")
    env.setdefault("FIRETEXT_URL", f"http://127.0.0.1:{SIMULATOR_PORT}/firetext")
    env.setdefault("SES_SIMULATOR_URL", f"http://127.0.0.1:{SIMULATOR_PORT}/ses")
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(LOCAL_DIR / "metrics"))
    return env


def _wait_for_port(
    port: int, what: str, processes: list[subprocess.Popen[bytes]], seconds: float = 60
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_open("127.0.0.1", port):
            return
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{what} failed to start (a process exited with {process.returncode})")
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not open port {port} within {seconds:.0f} s")


def _start(command: list[str], env: dict[str, str], log_name: str) -> subprocess.Popen[bytes]:
    logs = LOCAL_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_file = (logs / f"{log_name}.log").open("ab")
    # A session per child: Ctrl-C in the terminal reaches only the launcher, which stops them in order.
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in reversed(processes):
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def _print_ready(dev_service: dict[str, object]) -> None:
    keys = dev_service["api_keys"]
    assert isinstance(keys, dict)
    templates = dev_service["templates"]
    assert isinstance(templates, dict)
    print("\nNotify API is running on http://127.0.0.1:6011 (logs in .local/logs/)\n")
    print(json.dumps(dev_service, indent=2))
    print("\nSend a text message with the live key:\n")
    print(f"  export NOTIFY_API_KEY='{keys['normal']}'")
    print(
        '  .venv/bin/python -c "from notifications_python_client import NotificationsAPIClient as C; '
        "import os; print(C(os.environ['NOTIFY_API_KEY'], base_url='http://127.0.0.1:6011')"
        f".send_sms_notification(phone_number='07700900123', template_id='{templates['sms']}', "
        "personalisation={'name': 'Ada'}))\""
    )
    print("\nPress Ctrl-C to stop everything.\n", flush=True)


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP stop everything too, as Ctrl-C does (children run in their own sessions)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)


def main() -> int:
    _stop_on_signals()
    services = ensure_services()
    for server in services.started:
        print(f"started {server.description}")
    try:
        return _run(services)
    finally:
        services.stop()  # the PostgreSQL and Redis this run started go too: nothing is left running
        for server in services.started:
            print(f"stopped {server.description}")


def _run(services: LocalServices) -> int:
    database_url = services.database_url(DATABASE_NAME)
    asyncio.run(_create_database_if_missing(database_url))
    env = _child_environment(database_url, services.redis_url)
    python = sys.executable
    subprocess.run([python, "cli.py", "db", "upgrade"], cwd=PROJECT_ROOT, env=env, check=True)
    created = subprocess.run(
        [python, "cli.py", "create-dev-service", "--reuse"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    dev_service = json.loads(created.stdout)

    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(
            _start([python, "-m", "notify_dev.moto_server", "--port", str(MOTO_PORT)], env, "moto")
        )
        _wait_for_port(MOTO_PORT, "moto server", processes)
        processes.append(
            _start(
                [python, "-m", "notify_dev.simulator", "--port", str(SIMULATOR_PORT)],
                env,
                "simulator",
            )
        )
        processes.append(
            _start([python, "-m", "notify_api.serve", "--workers", "2", "--port", str(API_PORT)], env, "api")
        )
        processes.append(
            _start([python, "worker_main.py", "--processes", "2", "--threads", "4"], env, "worker")
        )
        lane = [prefixed(queue, env.get("NOTIFICATION_QUEUE_PREFIX", "")) for queue in PRIORITY_LANE]
        processes.append(
            _start(
                [python, "worker_main.py", "--processes", "1", "--threads", "4", "--queues", *lane],
                env,
                "priority-worker",
            )
        )
        processes.append(_start([python, "cli.py", "scheduler"], env, "scheduler"))
        # the simulated printer answers each print run (at 17:50, or when run with cli.py run-task)
        callback_base = f"http://127.0.0.1:{API_PORT}"
        processes.append(
            _start([python, "-m", "notify_dev.printer", "--callback-base", callback_base], env, "printer")
        )
        _wait_for_port(SIMULATOR_PORT, "provider simulator", processes)
        _wait_for_port(API_PORT, "API", processes)
        _print_ready(dev_service)
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        failed = [process.args for process in processes if process.poll() is not None]
        print(f"a process stopped unexpectedly: {failed}; see .local/logs/", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping...")
        return 0
    finally:
        _stop_all(processes)


if __name__ == "__main__":
    Path(LOCAL_DIR).mkdir(exist_ok=True)
    sys.exit(main())
