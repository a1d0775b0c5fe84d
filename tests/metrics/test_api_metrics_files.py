"""Proof: the API's multiprocess metrics directory stays bounded while its processes recycle, and no request
is lost from the counters.

Starts the real launcher (``python -m notify_api.serve``) with two server processes that each exit after 25
requests (uvicorn replaces them), sends 1,000 requests, and checks the directory and ``/metrics`` as it goes.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.settings import Settings
from tests.metrics.processes import PYTHON, free_port, start, stop, wait_for

WORKERS = 2
REQUESTS = 1_000
MAX_REQUESTS_PER_PROCESS = 25
# Per server process: counter, histogram and live-gauge files; while processes recycle an exiting one and its
# replacement can overlap, hence 4 x workers, plus one archive per kind.
FILES_PER_PROCESS_BOUND = 4
ARCHIVES = 2
STALE_PID = 4_194_000  # above any pid this machine hands out by default


def write_stale_run(directory: Path) -> None:
    """Files an earlier run left: had they survived the wipe, /_status would be counted 1,000 too high."""
    stale = MmapedDict(str(directory / f"counter_{STALE_PID}.db"))  # type: ignore[no-untyped-call]
    labels = {"code": "200", "host": "127.0.0.1", "method": "GET", "path": "/_status"}
    key = mmap_key(
        "http_server_requests",
        "http_server_requests_total",
        list(labels),
        list(labels.values()),
        "Number of HTTP requests served, by method, host, route and status code.",
    )
    stale.write_value(key, 1000.0, 0.0)  # type: ignore[no-untyped-call]
    stale.close()  # type: ignore[no-untyped-call]
    (directory / f"gauge_livesum_{STALE_PID}.db").write_bytes(b"\0" * 16)


def server_environment(settings: Settings, multiprocess_dir: Path) -> dict[str, str]:
    environment = {
        name: value for name, value in os.environ.items() if name.lower() != "prometheus_multiproc_dir"
    }
    environment.update(
        {
            "NOTIFY_ENVIRONMENT": "test",
            "SQLALCHEMY_DATABASE_URI": settings.database_url,
            "REDIS_URL": settings.redis_url,
            "PROMETHEUS_MULTIPROC_DIR": str(multiprocess_dir),
            "METRICS_BEARER_TOKEN": "",
            "LOG_LEVEL": "WARNING",
        }
    )
    return environment


def status_requests_counted(exposition: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == "http_server_requests_total" and sample.labels.get("path") == "/_status":
                total += sample.value
    return total


def metrics_files(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".db"))


async def test_api_metrics_directory_stays_bounded_and_counts_every_request(
    settings: Settings, engine: AsyncEngine, tmp_path: Path
) -> None:
    multiprocess_dir = tmp_path / "multiproc"
    multiprocess_dir.mkdir()
    write_stale_run(multiprocess_dir)
    port = free_port()
    server = await start(
        [
            PYTHON,
            "-m",
            "notify_api.serve",
            "--workers",
            str(WORKERS),
            "--limit-max-requests",
            str(MAX_REQUESTS_PER_PROCESS),
            "--port",
            str(port),
        ],
        server_environment(settings, multiprocess_dir),
        tmp_path / "server.log",
    )
    bound = FILES_PER_PROCESS_BOUND * WORKERS + ARCHIVES
    most_files = 0
    succeeded = failed_attempts = 0
    started = time.monotonic()
    try:
        # A generous timeout: while both processes are being replaced a request waits in the listen backlog.
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:

            async def serving() -> bool:
                try:
                    return (await client.get("/")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_for(serving, 30, "the API to serve", interval=0.2)
            assert not (multiprocess_dir / f"counter_{STALE_PID}.db").exists(), "the launcher did not wipe"

            while succeeded < REQUESTS:
                try:
                    response = await client.get("/_status", params={"simple": "1"})
                except httpx.TransportError:  # a recycling process closed the connection; nothing was served
                    failed_attempts += 1
                    continue
                assert response.status_code == 200
                succeeded += 1
                if succeeded % 20 == 0:
                    most_files = max(most_files, len(metrics_files(multiprocess_dir)))
                    assert most_files <= bound, metrics_files(multiprocess_dir)

            counted = 0.0

            async def all_counted() -> bool:
                nonlocal counted
                # The last requests of a process that is exiting reach the archive when it shuts down.
                try:
                    counted = status_requests_counted((await client.get("/metrics")).text)
                except httpx.TransportError:  # this scrape met a recycling process: ask again
                    return False
                return counted == succeeded

            await wait_for(all_counted, 15, "every served request to be counted", interval=0.5)
            files_at_end = metrics_files(multiprocess_dir)
    except BaseException:
        log = (tmp_path / "server.log").read_text()
        print("\nserver log (last lines):\n" + "\n".join(log.splitlines()[-40:]))
        raise
    finally:
        await stop(server)
    elapsed = time.monotonic() - started
    files_after_shutdown = metrics_files(multiprocess_dir)
    print(
        f"\nrequests served: {succeeded} (+{failed_attempts} retried after a closed connection) "
        f"in {elapsed:.1f}s; "
        f"counted by /metrics: {counted:.0f}; files in multiproc dir: at most {most_files} during the run "
        f"(bound {bound}), {len(files_at_end)} at the end {files_at_end}, "
        f"{len(files_after_shutdown)} after shutdown {files_after_shutdown}"
    )
    assert counted == succeeded
    assert len(files_at_end) <= bound
    # Every process archived its own files on its way out: only the archives are left.
    assert all("_archive" in name for name in files_after_shutdown)
