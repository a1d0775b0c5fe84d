"""`make run` with no PostgreSQL or Redis on the usual ports starts project-local ones, and stops them again.

Run in a network namespace of its own (``unshare -n``), where nothing listens on 5432 or 6379, so the
machine's own servers are neither used nor disturbed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from notify_dev.local_services import _system_pg_bin

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0
    or shutil.which("unshare") is None
    or shutil.which("ip") is None
    or shutil.which("redis-server") is None
    or _system_pg_bin() is None,
    reason="needs root for a network namespace, and PostgreSQL and Redis binaries",
)

_SCRIPT = """
import json, sys
from pathlib import Path
from notify_dev.local_services import _pid_from, ensure_services
services = ensure_services(Path(sys.argv[1]))
print(json.dumps([_pid_from(server.pid_file) for server in services.started]), flush=True)
services.stop()
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_servers_started_for_a_local_run_are_stopped_again() -> None:
    # PostgreSQL runs as the 'postgres' user, which must be able to reach its data directory.
    local_dir = Path(tempfile.mkdtemp(prefix="notify-local-"))
    local_dir.chmod(0o755)
    try:
        command = f"ip link set lo up && exec {sys.executable} -c '{_SCRIPT}' {local_dir}"
        result = subprocess.run(
            ["unshare", "-n", "sh", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        pids = json.loads(result.stdout.strip().splitlines()[-1])
        assert len(pids) == 2 and all(pids), "PostgreSQL and Redis should both have been started"
        assert [pid for pid in pids if _alive(pid)] == []
    finally:
        shutil.rmtree(local_dir, ignore_errors=True)
