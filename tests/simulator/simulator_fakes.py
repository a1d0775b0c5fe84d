"""Fakes for the simulator tests: a raw ASGI app standing in for our receipt endpoints, and a free port."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from notify_dev.simulator_http import Receive, Scope, Send


@dataclass
class ReceivedReceipt:
    path: str
    content_type: str
    body: dict[str, Any]


@dataclass
class ReceiptReceiver:
    """Records every POST it gets and answers with ``status`` (200 unless a test changes it)."""

    status: int = 200
    received: list[ReceivedReceipt] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {key.decode(): value.decode() for key, value in scope["headers"]}
        content_type = headers.get("content-type", "")
        if content_type.startswith("application/json"):
            parsed = json.loads(body)
        else:
            parsed = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        self.received.append(ReceivedReceipt(scope["path"], content_type, parsed))
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": b'{"result": "success"}'})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
