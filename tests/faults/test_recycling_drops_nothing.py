"""Server processes recycled every 25 requests drop no request (``bench/recycling.py`` runs the full 20,000).

Each request opens a new connection, as curl does: the one a recycling process has just accepted, with its
request still on the way, is the one that used to be reset or closed unanswered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.recycling import Tally, one_request, run
from notify_api.settings import Settings
from tests.metrics.processes import PYTHON, free_port, start, stop, wait_for
from tests.metrics.test_api_metrics_files import server_environment

RECYCLE_EVERY = "25"


@pytest.mark.parametrize(("requests", "concurrency"), [(1500, 1), (1500, 16)])
async def test_no_request_fails_while_processes_recycle(
    settings: Settings, tmp_path: Path, requests: int, concurrency: int
) -> None:
    port = free_port()
    command = [PYTHON, "-m", "notify_api.serve", "--workers", "2", "--limit-max-requests", RECYCLE_EVERY]
    server = await start(
        [*command, "--port", str(port)],
        server_environment(settings, tmp_path / "metrics"),
        tmp_path / "server.log",
    )
    try:

        async def serving() -> bool:
            probe = Tally()
            await one_request(port, probe)
            return probe.ok == 1

        await wait_for(serving, 30, "the API to serve", interval=0.2)
        tally, _ = await run(port, requests, concurrency)
    finally:
        await stop(server)
    assert tally.failures == {}
    assert tally.ok == requests
