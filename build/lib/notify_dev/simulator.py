"""A provider simulator for development and tests: MMG's and Firetext's send APIs, with receipts.

``python -m notify_dev.simulator --port 6300`` serves:
- ``POST /mmg``: MMG's JSON send API (Basic auth header required); answers ``{"Reference": ...}``.
- ``POST /firetext``: Firetext's form send API; answers ``{"code": 0, "description": ...}``.
- ``POST /ses``: told of an email SES (moto) accepted, posts its SNS receipt to ``/notifications/email/ses``.
- ``GET /stats``, ``GET /stats/{reference}``: how many send calls were made, by provider and by reference.
- ``POST /reset``: forget counts and injected failures.
- ``POST /control``: inject failures, e.g. ``{"provider": "mmg", "fail_next": 3, "status": 500}`` or
  ``{"provider": "mmg", "down": true}`` (every call fails until ``"down": false``).
- ``GET /_status``: a health check.

After each accepted send it waits ``--receipt-delay`` seconds and POSTs a delivery receipt to
``{callback_base}/notifications/sms/{mmg|firetext}``; the outcome depends on the recipient (see
``simulator_receipts``). A receipt that cannot be delivered is logged, never fatal.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn

from notify_api.logging import configure_logging, get_logger
from notify_api.settings import Settings
from notify_dev.simulator_http import (
    BadRequest,
    Receive,
    Scope,
    Send,
    basic_credentials,
    parse_form,
    parse_json_object,
    read_body,
    run_lifespan,
    send_json,
)
from notify_dev.simulator_receipts import (
    FIRETEXT,
    MMG,
    PROVIDERS,
    HttpReceiptPoster,
    Receipt,
    ReceiptPoster,
    firetext_receipt,
    mmg_receipt,
    ses_receipt,
)

log = get_logger(__name__)

MMG_REQUIRED = ("reqType", "MSISDN", "msg", "sender", "cid")
FIRETEXT_REQUIRED = ("apiKey", "from", "to", "message", "reference")
DEFAULT_CALLBACK_BASE = "http://127.0.0.1:6011"


@dataclass
class FailureInjection:
    fail_next: int = 0
    status: int = 500
    down: bool = False

    def next_failure_status(self) -> int | None:
        if self.down:
            return self.status
        if self.fail_next > 0:
            self.fail_next -= 1
            return self.status
        return None


@dataclass
class SimulatorState:
    requests: Counter[str] = field(default_factory=Counter)
    accepted: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    by_reference: dict[str, Counter[str]] = field(default_factory=dict)
    receipts: Counter[str] = field(default_factory=Counter)
    injections: dict[str, FailureInjection] = field(
        default_factory=lambda: {provider: FailureInjection() for provider in PROVIDERS}
    )

    def reference_counts(self, reference: str) -> Counter[str]:
        return self.by_reference.setdefault(reference, Counter())

    def stats(self) -> dict[str, Any]:
        providers = {
            provider: {
                "requests": self.requests[provider],
                "accepted": self.accepted[provider],
                "failed": self.failed[provider],
            }
            for provider in PROVIDERS
        }
        receipts = {"sent": self.receipts["sent"], "failed": self.receipts["failed"]}
        return {**providers, "receipts": receipts}

    def reference_stats(self, reference: str) -> dict[str, Any]:
        counts = self.by_reference.get(reference, Counter())
        return {
            "reference": reference,
            "requests": {provider: counts[provider] for provider in PROVIDERS},
            "accepted": {provider: counts[f"{provider}:accepted"] for provider in PROVIDERS},
            "total": sum(counts[provider] for provider in PROVIDERS),
        }


class ProviderSimulator:
    """The raw ASGI application. One instance holds the counters for the life of the process."""

    def __init__(
        self,
        *,
        callback_base: str = DEFAULT_CALLBACK_BASE,
        receipt_delay: float = 1.0,
        receipt_poster: ReceiptPoster | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.state = SimulatorState()
        self._receipt_delay = receipt_delay
        self._poster: ReceiptPoster = receipt_poster or HttpReceiptPoster(callback_base)
        self._clock = clock
        self._pending: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await run_lifespan(receive, send, self._startup, self.aclose)
            return
        if scope["type"] != "http":
            return
        try:
            await self._route(scope, receive, send)
        except BadRequest as error:
            await send_json(send, 400, {"error": str(error)})

    async def drain(self) -> None:
        """Wait for every receipt already scheduled to be posted (or to fail)."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._pending):
            task.cancel()
        await asyncio.gather(*list(self._pending), return_exceptions=True)
        await self._poster.aclose()

    async def _startup(self) -> None:
        log.info("simulator.started", receipt_delay=self._receipt_delay)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        method, path = scope["method"], scope["path"].rstrip("/") or "/"
        if method == "POST" and path in ("/mmg", "/firetext"):
            await self._send_api(path.removeprefix("/"), scope, receive, send)
        elif method == "POST" and path == "/ses":
            await self._ses_sent(await read_body(receive), send)
        elif method == "GET" and path == "/stats":
            await send_json(send, 200, self.state.stats())
        elif method == "GET" and path.startswith("/stats/"):
            await send_json(send, 200, self.state.reference_stats(path.removeprefix("/stats/")))
        elif method == "POST" and path == "/reset":
            self.state = SimulatorState()
            await send_json(send, 200, {"result": "reset"})
        elif method == "POST" and path == "/control":
            await self._control(await read_body(receive), send)
        elif method == "GET" and path == "/_status":
            await send_json(send, 200, {"status": "ok"})
        else:
            await send_json(send, 404, {"error": f"no route for {method} {path}"})

    async def _send_api(self, provider: str, scope: Scope, receive: Receive, send: Send) -> None:
        self.state.requests[provider] += 1
        try:
            body = await read_body(receive)
            if provider == MMG:
                status = await self._mmg_send(scope, body, send)
            else:
                status = await self._firetext_send(body, send)
        except BadRequest:
            self.state.failed[provider] += 1
            raise
        if status != 200:
            self.state.failed[provider] += 1

    async def _mmg_send(self, scope: Scope, body: bytes, send: Send) -> int:
        """Answers as MMG would; returns the status sent."""
        if basic_credentials(scope) is None:
            await send_json(send, 401, {"Error": 401, "Description": "Authorization: Basic <key> required"})
            return 401
        payload = parse_json_object(body)
        missing = [name for name in MMG_REQUIRED if payload.get(name) in (None, "")]
        reference = str(payload.get("cid") or "")
        if reference:
            self.state.reference_counts(reference)[MMG] += 1
        if missing:
            await send_json(send, 400, {"Error": 400, "Description": f"Missing fields: {', '.join(missing)}"})
            return 400
        failure = self.state.injections[MMG].next_failure_status()
        if failure is not None:
            await send_json(send, failure, {"Error": failure, "Description": "Simulated failure"})
            return failure
        self._accept(MMG, reference, mmg_receipt(reference, str(payload["MSISDN"])))
        await send_json(send, 200, {"Reference": uuid.uuid4().hex})
        return 200

    async def _firetext_send(self, body: bytes, send: Send) -> int:
        """Answers as Firetext would; returns the status sent."""
        form = parse_form(body)
        missing = [name for name in FIRETEXT_REQUIRED if not form.get(name)]
        reference = form.get("reference", "")
        if reference:
            self.state.reference_counts(reference)[FIRETEXT] += 1
        if missing:
            await send_json(send, 400, {"code": 1, "description": f"Missing fields: {', '.join(missing)}"})
            return 400
        failure = self.state.injections[FIRETEXT].next_failure_status()
        if failure is not None:
            await send_json(send, failure, {"code": 1, "description": "Simulated failure"})
            return failure
        self._accept(FIRETEXT, reference, firetext_receipt(reference, form["to"], self._clock()))
        await send_json(send, 200, {"code": 0, "description": "SMS successfully queued"})
        return 200

    async def _control(self, body: bytes, send: Send) -> None:
        command = parse_json_object(body)
        provider = command.get("provider")
        if provider not in PROVIDERS:
            raise BadRequest(f"provider must be one of {', '.join(PROVIDERS)}")
        injection = self.state.injections[provider]
        status = command.get("status", injection.status)
        if not isinstance(status, int) or not 100 <= status <= 599:
            raise BadRequest("status must be an HTTP status code")
        fail_next = command.get("fail_next", injection.fail_next)
        if not isinstance(fail_next, int) or fail_next < 0:
            raise BadRequest("fail_next must be a non-negative integer")
        down = command.get("down", injection.down)
        if not isinstance(down, bool):
            raise BadRequest("down must be true or false")
        # "down" with no status given means the provider is unavailable.
        if down and "status" not in command:
            status = 503
        injection.status, injection.fail_next, injection.down = status, fail_next, down
        await send_json(
            send, 200, {"provider": provider, "fail_next": fail_next, "status": status, "down": down}
        )

    async def _ses_sent(self, body: bytes, send: Send) -> None:
        """Told of an email SES (moto) accepted: post its SNS receipt back after the delay, as AWS would."""
        payload = parse_json_object(body)
        message_id, recipient = payload.get("message_id"), payload.get("recipient")
        if not isinstance(message_id, str) or not isinstance(recipient, str):
            raise BadRequest("message_id and recipient are required strings")
        self._schedule(ses_receipt(message_id, recipient, self._clock()))
        await send_json(send, 200, {"result": "scheduled"})

    def _schedule(self, receipt: Receipt) -> None:
        task = asyncio.create_task(self._post_receipt_later(receipt))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    def _accept(self, provider: str, reference: str, receipt: Receipt) -> None:
        self.state.accepted[provider] += 1
        self.state.reference_counts(reference)[f"{provider}:accepted"] += 1
        self._schedule(receipt)

    async def _post_receipt_later(self, receipt: Receipt) -> None:
        await asyncio.sleep(self._receipt_delay)
        try:
            await self._poster.post(receipt)
        except Exception as error:
            self.state.receipts["failed"] += 1
            log.warning(
                "simulator.receipt_failed",
                provider=receipt.provider,
                reference=receipt.reference,
                error=str(error),
            )
            return
        self.state.receipts["sent"] += 1
        log.info(
            "simulator.receipt_sent",
            provider=receipt.provider,
            reference=receipt.reference,
            outcome=receipt.outcome.value,
        )


async def serve(app: ProviderSimulator, host: str, port: int) -> None:
    """Serve until SIGTERM/SIGINT; print a ready line once the socket is listening."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, lifespan="on", log_level="warning"))
    serving = asyncio.create_task(server.serve())
    while not server.started and not serving.done():  # noqa: ASYNC110 - uvicorn offers no started event
        await asyncio.sleep(0.05)
    if server.started:
        print(f"provider simulator ready on http://{host}:{port}", flush=True)
    await serving


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="MMG and Firetext simulator that sends delivery receipts")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6300)
    parser.add_argument("--callback-base", default=DEFAULT_CALLBACK_BASE)
    parser.add_argument("--receipt-delay", type=float, default=1.0)
    args = parser.parse_args(argv)
    configure_logging(Settings.from_env())
    app = ProviderSimulator(callback_base=args.callback_base, receipt_delay=args.receipt_delay)
    # uvicorn shuts down on SIGTERM/SIGINT and then re-raises the signal to the previous handler:
    # make that handler a clean exit, so a graceful stop ends with status 0.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _exit_cleanly)
    asyncio.run(serve(app, args.host, args.port))


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    main()
