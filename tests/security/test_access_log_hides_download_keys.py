"""The real launcher's access log shows a download link's path, never its key."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from notify_api.settings import Settings
from tests.metrics.processes import PYTHON, free_port, start, stop, wait_for
from tests.metrics.test_api_metrics_files import server_environment

KEY = "k" * 43


async def test_download_keys_never_reach_the_access_log(settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    log_path = tmp_path / "server.log"
    server = await start(
        [PYTHON, "-m", "notify_api.serve", "--access-log", "--port", str(port)],
        server_environment(settings, tmp_path / "metrics"),
        log_path,
    )
    download_path = f"/d/{uuid.uuid4()}/{uuid.uuid4()}"
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:

            async def serving() -> bool:
                try:
                    return (await client.get("/_status?simple=1")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_for(serving, 30, "the API to serve", interval=0.2)
            assert (await client.get(f"{download_path}?key={KEY}")).status_code == 404
            assert (await client.get("/_status?simple=yes")).status_code == 200

            def logged() -> str:
                return log_path.read_text(errors="replace")

            async def both_logged() -> bool:
                return "simple=yes" in logged()

            await wait_for(both_logged, 10, "the requests to be logged")
    finally:
        await stop(server)
    log = logged()
    assert f'"GET {download_path} HTTP/1.1" 404' in log
    assert KEY not in log
    assert "GET /_status?simple=yes HTTP/1.1" in log  # other paths keep their query strings
