"""Local runs: moto accepts an email, the simulator posts its SES receipt to our endpoint, as AWS would."""

from __future__ import annotations

import json
from typing import Any

import httpx

from notify_dev.simulator import ProviderSimulator
from notify_dev.simulator_receipts import Receipt
from notify_workers.providers.ses_simulated import SesWithSimulatedReceipts


class CollectingPoster:
    def __init__(self) -> None:
        self.posted: list[Receipt] = []

    async def post(self, receipt: Receipt) -> None:
        self.posted.append(receipt)

    async def aclose(self) -> None:
        """Nothing to close."""


class FakeSes:
    name = "ses"

    async def send_raw_email(
        self, *, source: str, raw_message: bytes, notification_id: str | None = None
    ) -> str:
        return "ses-message-id-1"


async def receipts_for(recipient: str) -> list[dict[str, Any]]:
    poster = CollectingPoster()
    simulator = ProviderSimulator(receipt_delay=0, receipt_poster=poster)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=simulator), base_url="http://sim") as http:
        ses = SesWithSimulatedReceipts(FakeSes(), http, "http://sim/ses")
        raw = f"From: a@notify.tools\r\nTo: {recipient}\r\nSubject: hi\r\n\r\nbody".encode()
        assert await ses.send_raw_email(source="a@notify.tools", raw_message=raw) == "ses-message-id-1"
        await simulator.drain()
    return [receipt.json_body or {} for receipt in poster.posted]


async def test_a_delivered_email_gets_an_sns_delivery_notification() -> None:
    [envelope] = await receipts_for("someone@example.com")
    assert envelope["Type"] == "Notification"
    event = json.loads(envelope["Message"])
    assert event["notificationType"] == "Delivery"
    assert event["mail"]["messageId"] == "ses-message-id-1"


async def test_simulator_addresses_bounce() -> None:
    [permanent] = await receipts_for("perm-fail@simulator.notify")
    [transient] = await receipts_for("temp-fail@simulator.notify")
    assert json.loads(permanent["Message"])["bounce"]["bounceType"] == "Permanent"
    assert json.loads(transient["Message"])["bounce"]["bounceType"] == "Transient"
