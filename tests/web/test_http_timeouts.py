"""The real launcher's HTTP timeouts come from the settings: a client that trickles its headers or its body,
or keeps an idle connection, cannot hold the connection open past them."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from notify_api.settings import Settings
from tests.metrics.processes import PROJECT_ROOT, PYTHON, free_port
from tests.metrics.test_api_metrics_files import server_environment

TIMEOUT = 1.0


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    directory: Path = tmp_path_factory.mktemp("timeouts")
    environment = server_environment(Settings.from_env(), directory / "metrics")
    environment.update(
        {
            "HTTP_HEADER_READ_TIMEOUT_SECONDS": str(TIMEOUT),
            "HTTP_BODY_READ_TIMEOUT_SECONDS": str(TIMEOUT),
            "HTTP_KEEP_ALIVE_SECONDS": "3",  # gunicorn's own default is 2
        }
    )
    chosen = free_port()
    with (directory / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [PYTHON, "-m", "notify_api.serve", "--port", str(chosen)],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", chosen), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the API did not start"
                time.sleep(0.2)
        yield chosen
    finally:
        server.terminate()
        server.wait(timeout=60)


async def send_and_wait(port: int, data: bytes) -> tuple[bytes, float]:
    """Send ``data``, then read until the server closes; returns what it said and how long that took."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    writer.write(data)
    answer = await asyncio.wait_for(reader.read(), 30)
    writer.close()
    return answer, time.monotonic() - started


async def test_headers_that_never_finish_get_a_408_and_the_connection_is_closed(port: int) -> None:
    answer, seconds = await send_and_wait(port, b"GET /_status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    assert answer.startswith(b"HTTP/1.1 408 Request Timeout\r\n")
    assert b"connection: close" in answer.lower()
    assert TIMEOUT - 0.1 <= seconds < TIMEOUT + 2  # the server's clock started a moment before ours


async def test_a_connection_that_sends_nothing_is_closed(port: int) -> None:
    answer, seconds = await send_and_wait(port, b"")
    assert answer == b""
    assert TIMEOUT - 0.1 <= seconds < TIMEOUT + 2  # the server's clock started a moment before ours


async def test_a_body_shorter_than_its_content_length_gets_a_408_in_the_route_envelope(port: int) -> None:
    request = (
        b"POST /notifications/sms/mmg HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n" + b'{"status": "3",'
    )
    answer, seconds = await send_and_wait(port, request)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert b"connection: close" in head.lower()
    assert json.loads(body) == {
        "result": "error",
        "message": "Request body not received in time: the limit is 1 seconds between parts",
    }
    assert TIMEOUT - 0.1 <= seconds < TIMEOUT + 2  # the server's clock started a moment before ours


async def test_an_idle_kept_alive_connection_is_closed_after_the_keep_alive_timeout(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /_status?simple=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    first = await reader.readuntil(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    rest = await asyncio.wait_for(reader.read(), 30)  # the small body, then the close
    writer.close()
    assert b"connection: close" not in first.lower() and len(rest) < 200
    assert 2.5 <= time.monotonic() - started < 5
