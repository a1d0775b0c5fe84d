"""The provider simulator as our SMS clients and tests see it: send APIs, receipts, counts, failures."""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest

from notify_dev.simulator import ProviderSimulator
from notify_dev.simulator_receipts import HttpReceiptPoster
from tests.simulator.simulator_fakes import ReceiptReceiver

MMG_AUTH = {"Authorization": "Basic bW1nLXNlY3JldC1rZXk="}


def mmg_body(reference: str, to: str = "447700900123") -> dict[str, object]:
    return {
        "reqType": "BULK",
        "MSISDN": to,
        "msg": "Hello",
        "sender": "GOVUK",
        "cid": reference,
        "multi": True,
    }


def firetext_form(reference: str, to: str = "447700900123") -> dict[str, str]:
    return {"apiKey": "key", "from": "GOVUK", "to": to, "message": "Hello", "reference": reference}


async def send_mmg(client: httpx.AsyncClient, reference: str, to: str = "447700900123") -> httpx.Response:
    return await client.post("/mmg", json=mmg_body(reference, to), headers=MMG_AUTH)


async def test_mmg_send_is_acknowledged_and_a_delivered_receipt_follows(
    client: httpx.AsyncClient, simulator: ProviderSimulator, receiver: ReceiptReceiver
) -> None:
    reference = str(uuid.uuid4())
    response = await send_mmg(client, reference)
    assert response.status_code == 200
    assert response.json()["Reference"]

    await simulator.drain()
    [receipt] = receiver.received
    assert receipt.path == "/notifications/sms/mmg"
    assert receipt.content_type == "application/json"
    assert receipt.body == {"status": "3", "CID": reference, "MSISDN": "447700900123", "substatus": "2"}


@pytest.mark.parametrize(
    ("to", "status", "substatus"),
    [("447700900002", "2", "1"), ("447700900003", "4", "6"), ("447700900456", "3", "2")],
)
async def test_mmg_receipt_outcome_depends_on_the_recipient(
    client: httpx.AsyncClient,
    simulator: ProviderSimulator,
    receiver: ReceiptReceiver,
    to: str,
    status: str,
    substatus: str,
) -> None:
    await send_mmg(client, "ref-1", to)
    await simulator.drain()
    assert (receiver.received[0].body["status"], receiver.received[0].body["substatus"]) == (
        status,
        substatus,
    )


@pytest.mark.parametrize(
    ("to", "expected"),
    [
        ("447700900123", {"status": "0"}),
        ("447700900002", {"status": "1", "code": "101"}),
        ("447700900003", {"status": "1", "code": "102"}),
    ],
)
async def test_firetext_send_is_queued_and_a_form_receipt_follows(
    client: httpx.AsyncClient,
    simulator: ProviderSimulator,
    receiver: ReceiptReceiver,
    to: str,
    expected: dict[str, str],
) -> None:
    reference = str(uuid.uuid4())
    response = await client.post("/firetext", data=firetext_form(reference, to))
    assert response.status_code == 200
    assert response.json() == {"code": 0, "description": "SMS successfully queued"}

    await simulator.drain()
    [receipt] = receiver.received
    assert receipt.path == "/notifications/sms/firetext"
    assert receipt.content_type.startswith("application/x-www-form-urlencoded")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", receipt.body.pop("time"))
    assert receipt.body == {"reference": reference, "mobile": to, **expected}


async def test_mmg_requires_basic_auth_and_its_fields(
    client: httpx.AsyncClient, simulator: ProviderSimulator, receiver: ReceiptReceiver
) -> None:
    no_auth = await client.post("/mmg", json=mmg_body("ref"))
    assert no_auth.status_code == 401

    body = mmg_body("ref")
    del body["cid"], body["msg"]
    missing = await client.post("/mmg", json=body, headers=MMG_AUTH)
    assert missing.status_code == 400
    assert missing.json()["Description"] == "Missing fields: msg, cid"

    not_json = await client.post("/mmg", content=b"MSISDN=1", headers=MMG_AUTH)
    assert not_json.status_code == 400
    assert not_json.json() == {"error": "body is not valid JSON"}

    await simulator.drain()
    assert receiver.received == []
    assert (await client.get("/stats")).json()["mmg"] == {"requests": 3, "accepted": 0, "failed": 3}


async def test_firetext_requires_its_fields(
    client: httpx.AsyncClient, simulator: ProviderSimulator, receiver: ReceiptReceiver
) -> None:
    form = firetext_form("ref")
    form["to"] = ""
    response = await client.post("/firetext", data=form)
    assert response.status_code == 400
    assert response.json() == {"code": 1, "description": "Missing fields: to"}
    await simulator.drain()
    assert receiver.received == []


async def test_stats_count_calls_by_provider_and_by_reference_until_reset(client: httpx.AsyncClient) -> None:
    await send_mmg(client, "ref-a")
    await send_mmg(client, "ref-a")
    await client.post("/firetext", data=firetext_form("ref-b"))

    stats = (await client.get("/stats")).json()
    assert stats["mmg"] == {"requests": 2, "accepted": 2, "failed": 0}
    assert stats["firetext"] == {"requests": 1, "accepted": 1, "failed": 0}
    assert (await client.get("/stats/ref-a")).json() == {
        "reference": "ref-a",
        "requests": {"mmg": 2, "firetext": 0},
        "accepted": {"mmg": 2, "firetext": 0},
        "total": 2,
    }
    assert (await client.get("/stats/unknown")).json()["total"] == 0

    assert (await client.post("/reset")).status_code == 200
    assert (await client.get("/stats")).json()["mmg"]["requests"] == 0
    assert (await client.get("/stats/ref-a")).json()["total"] == 0


async def test_fail_next_makes_the_next_calls_fail_with_the_given_status(
    client: httpx.AsyncClient, simulator: ProviderSimulator, receiver: ReceiptReceiver
) -> None:
    control = await client.post("/control", json={"provider": "mmg", "fail_next": 2, "status": 500})
    assert control.status_code == 200

    statuses = [(await send_mmg(client, "retried")).status_code for _ in range(3)]
    assert statuses == [500, 500, 200]
    # Firetext is unaffected.
    assert (await client.post("/firetext", data=firetext_form("other"))).status_code == 200

    await simulator.drain()
    assert [receipt.path for receipt in receiver.received].count("/notifications/sms/mmg") == 1
    retried = (await client.get("/stats/retried")).json()
    assert retried["requests"]["mmg"] == 3
    assert retried["accepted"]["mmg"] == 1


async def test_a_provider_that_is_down_fails_every_call_until_it_is_back(client: httpx.AsyncClient) -> None:
    await client.post("/control", json={"provider": "firetext", "down": True})
    for _ in range(3):
        assert (await client.post("/firetext", data=firetext_form("ref"))).status_code == 503
    await client.post("/control", json={"provider": "firetext", "down": False})
    assert (await client.post("/firetext", data=firetext_form("ref"))).status_code == 200


@pytest.mark.parametrize(
    "command",
    [
        {"provider": "ses", "down": True},
        {"provider": "mmg", "fail_next": -1},
        {"provider": "mmg", "status": 42},
    ],
)
async def test_bad_control_commands_are_refused(
    client: httpx.AsyncClient, command: dict[str, object]
) -> None:
    response = await client.post("/control", json=command)
    assert response.status_code == 400
    assert "error" in response.json()


async def test_unknown_routes_answer_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/nowhere")).status_code == 404
    assert (await client.get("/_status")).json() == {"status": "ok"}


async def test_receipts_wait_for_the_configured_delay(receiver: ReceiptReceiver) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=receiver)) as receipts_client:
        poster = HttpReceiptPoster("http://api.internal", client=receipts_client)
        simulator = ProviderSimulator(receipt_poster=poster, receipt_delay=0.3)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=simulator), base_url="http://s"
        ) as client:
            started = time.monotonic()
            await send_mmg(client, "slow")
            assert receiver.received == []
            await simulator.drain()
            assert time.monotonic() - started >= 0.3
            assert len(receiver.received) == 1
        await simulator.aclose()


async def test_a_receipt_that_is_refused_is_counted_and_sending_goes_on(
    client: httpx.AsyncClient, simulator: ProviderSimulator, receiver: ReceiptReceiver
) -> None:
    receiver.status = 500
    await send_mmg(client, "first")
    await simulator.drain()
    receiver.status = 200
    assert (await send_mmg(client, "second")).status_code == 200
    await simulator.drain()
    assert (await client.get("/stats")).json()["receipts"] == {"sent": 1, "failed": 1}


async def test_a_receipt_to_an_unreachable_api_is_counted_as_failed(client: httpx.AsyncClient) -> None:
    simulator = ProviderSimulator(callback_base="http://127.0.0.1:1", receipt_delay=0.0)
    transport = httpx.ASGITransport(app=simulator)
    async with httpx.AsyncClient(transport=transport, base_url="http://s") as direct:
        assert (await send_mmg(direct, "lost")).status_code == 200
        await simulator.drain()
        assert (await direct.get("/stats")).json()["receipts"] == {"sent": 0, "failed": 1}
    await simulator.aclose()
