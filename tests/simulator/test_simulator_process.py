"""The simulator started as `make run` starts it: a process on a port, posting receipts over real HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

from tests.simulator.simulator_fakes import ReceiptReceiver, free_port


@pytest.fixture
async def served_receiver() -> AsyncIterator[tuple[ReceiptReceiver, int]]:
    receiver = ReceiptReceiver()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(receiver, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        assert not serving.done(), "receipt receiver failed to start"
        await asyncio.sleep(0.02)
    yield receiver, port
    server.should_exit = True
    await serving


async def test_the_simulator_process_sends_receipts_to_the_callback_base_and_stops_on_sigterm(
    served_receiver: tuple[ReceiptReceiver, int],
) -> None:
    receiver, receiver_port = served_receiver
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "notify_dev.simulator",
        "--port",
        str(port),
        "--callback-base",
        f"http://127.0.0.1:{receiver_port}",
        "--receipt-delay",
        "0.1",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "LOG_LEVEL": "WARNING"},
    )
    try:
        assert process.stdout is not None
        ready = await asyncio.wait_for(process.stdout.readline(), timeout=15)
        assert ready.decode().strip() == f"provider simulator ready on http://127.0.0.1:{port}"

        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            form = {"apiKey": "k", "from": "GOVUK", "to": "447700900003", "message": "Hi", "reference": "r1"}
            response = await client.post("/firetext", data=form)
            assert response.json() == {"code": 0, "description": "SMS successfully queued"}

            deadline = time.monotonic() + 5
            while not receiver.received:
                assert time.monotonic() < deadline, "no receipt arrived"
                await asyncio.sleep(0.02)
            assert receiver.received[0].path == "/notifications/sms/firetext"
            assert receiver.received[0].body["code"] == "102"
            assert (await client.get("/stats")).json()["receipts"] == {"sent": 1, "failed": 0}

        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=10) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
