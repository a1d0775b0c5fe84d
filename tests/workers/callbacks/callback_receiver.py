"""A real HTTP receiver for service callbacks: a tiny ASGI app served by uvicorn on a loopback port.

It records every request (path, headers, exact body bytes) and answers with the statuses a test queues up
(200 once the queue is empty), so tests see exactly what a service's server would see.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import orjson
import pytest
import uvicorn

from notify_api.callbacks.payloads import signature_matches

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class ReceivedCallback:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)

    def signed_with(self, bearer_token: str) -> bool:
        """What a service does: check X-Notify-Signature over the raw body with its bearer token."""
        return signature_matches(self.body, bearer_token, self.headers.get("x-notify-signature", ""))


@dataclass
class CallbackReceiver:
    port: int = 0
    received: list[ReceivedCallback] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def url(self, path: str = "/callback") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer_with(self, *statuses: int) -> None:
        self.statuses.extend(statuses)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        self.received.append(ReceivedCallback(scope["path"], headers, body))
        status = self.statuses.pop(0) if self.statuses else 200
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
async def callback_receiver() -> AsyncIterator[CallbackReceiver]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    receiver = CallbackReceiver(port=sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(receiver, lifespan="off", log_level="warning", access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(200):
            if server.started:
                break
            await asyncio.sleep(0.01)
        assert server.started, "callback receiver did not start"
        yield receiver
    finally:
        server.should_exit = True
        await task
        sock.close()


def closed_port_url() -> str:
    """A loopback URL nobody listens on: the connection is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/callback"
