"""The shared retry policy, provider error classification and queue depths."""

from __future__ import annotations

import httpx
import pytest
import redis.asyncio as aioredis

from notify_api.tasks.depth import queue_depths
from notify_api.tasks.enqueue import RedisTaskQueue
from notify_workers.providers.base import PermanentProviderError, SmsRequest, TemporaryProviderError
from notify_workers.providers.firetext import FiretextClient
from notify_workers.providers.mmg import MmgClient
from notify_workers.retry import RetryLater, delivery_retry_policy

REQUEST = SmsRequest(to="+447700900855", content="Hi", reference="ref", sender="GOVUK", international=False)


def test_the_first_retry_is_immediate_then_every_delay_until_the_last() -> None:
    policy = delivery_retry_policy(48, 300)

    delays = []
    for retries in range(48):
        error = RetryLater("provider down")
        assert policy.should_retry(retries, error) is True
        delays.append(error.delay)

    assert delays == [0] + [300_000] * 47
    assert policy.should_retry(48, RetryLater("provider down")) is False


def test_an_explicit_delay_is_kept() -> None:
    error = RetryLater("busy", delay_ms=1234)
    assert delivery_retry_policy(3, 1).should_retry(1, error) and error.delay == 1234


def _client(handler: httpx.MockTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=handler)


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, TemporaryProviderError), (503, TemporaryProviderError), (429, TemporaryProviderError),
     (401, TemporaryProviderError), (400, PermanentProviderError), (422, PermanentProviderError)],
)  # fmt: skip
async def test_mmg_answers_are_temporary_or_permanent_failures(status: int, error: type[Exception]) -> None:
    async with _client(httpx.MockTransport(lambda _: httpx.Response(status, json={}))) as http:
        with pytest.raises(error):
            await MmgClient(http, url="http://mmg.test", api_key="k").send_sms(REQUEST)


async def test_no_answer_from_a_provider_is_a_temporary_gateway_timeout() -> None:
    def time_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with _client(httpx.MockTransport(time_out)) as http:
        with pytest.raises(TemporaryProviderError) as raised:
            await MmgClient(http, url="http://mmg.test", api_key="k").send_sms(REQUEST)
    assert raised.value.status_code == 504


async def test_firetext_uses_the_international_key_abroad_and_a_non_zero_code_is_temporary() -> None:
    seen: list[bytes] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        return httpx.Response(200, json={"code": 3, "description": "no credit"})

    client_request = SmsRequest("+12025550104", "Hi", "ref", "GOVUK", international=True)
    async with _client(httpx.MockTransport(refuse)) as http:
        firetext = FiretextClient(http, url="http://ft.test", api_key="uk", international_api_key="intl")
        with pytest.raises(TemporaryProviderError, match="code 3"):
            await firetext.send_sms(client_request)
    assert b"apiKey=intl" in seen[0] and b"to=12025550104" in seen[0]


async def test_queue_depths_count_waiting_and_delayed_messages(redis_client: aioredis.Redis) -> None:
    tasks = RedisTaskQueue(redis_client, prefix="depth-test-")
    await tasks.enqueue("deliver_sms", "send-sms-tasks", "a")
    await tasks.enqueue("deliver_sms", "send-sms-tasks", "b")
    await tasks.enqueue("deliver_email", "send-email-tasks", "c", delay_ms=60_000)

    depths = await queue_depths(redis_client, "depth-test-")

    assert depths["send-sms-tasks"] == 2
    assert depths["send-email-tasks"] == 1
    assert depths["priority-tasks"] == 0
