"""Two schedulers against the real Redis: one leads, due tasks are enqueued once, the other takes over.

Schedule times come from a fake clock so the tests run in seconds; the leader lock uses Redis's real expiry
with short timings.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import redis.asyncio as aioredis

from notify_api.settings import Settings
from notify_api.tasks.queues import PERIODIC, REPORTING
from notify_workers.schedule import PeriodicTask
from notify_workers.scheduler import Scheduler, SchedulerTiming, run_scheduler
from tests.task_queue import RecordingTaskQueue

REDIS_URL = os.environ.get("NOTIFY_TEST_SCHEDULER_REDIS_URL", "redis://127.0.0.1:6379/13")
FAST = SchedulerTiming(lock_ttl=0.6, renew_every=0.2, poll=0.02)
QUARTER_HOURLY = PeriodicTask("run-scheduled-jobs", "run-scheduled-jobs", PERIODIC, "0,15,30,45 * * * *")
NIGHTLY = PeriodicTask("create-nightly-billing", "create-nightly-billing", REPORTING, "15 0 * * *", ("x",))
TASKS = (QUARTER_HOURLY, NIGHTLY)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
async def redis() -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(REDIS_URL)
    yield client
    await client.aclose()


@pytest.fixture
async def key_prefix(redis: aioredis.Redis) -> AsyncIterator[str]:
    prefix = f"test-scheduler-{uuid.uuid4().hex}:"
    yield prefix
    keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 1, 14, 0, 10, tzinfo=UTC))


def make_scheduler(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock, queue: Any = None
) -> tuple[Scheduler, RecordingTaskQueue]:
    task_queue = queue if queue is not None else RecordingTaskQueue()
    scheduler = Scheduler(redis, task_queue, tasks=TASKS, clock=clock, key_prefix=key_prefix, timing=FAST)
    return scheduler, task_queue


async def eventually(condition: Callable[[], bool], within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def count(queues: list[RecordingTaskQueue], actor: str) -> int:
    return sum(1 for queue in queues for name, _, _ in queue.messages if name == actor)


async def test_only_one_of_two_schedulers_leads_and_fires(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock
) -> None:
    first, first_queue = make_scheduler(redis, key_prefix, clock)
    second, second_queue = make_scheduler(redis, key_prefix, clock)
    for _ in range(3):
        await first.tick()
        await second.tick()
    assert (first.is_leader, second.is_leader) == (True, False)
    assert await redis.get(f"{key_prefix}leader") == first.token.encode()

    clock.advance(minutes=6)  # 00:16: run-scheduled-jobs and the nightly billing are due
    for _ in range(3):
        await first.tick()
        await second.tick()
    assert sorted(first_queue.messages) == [
        ("create-nightly-billing", REPORTING, ("x",)),
        ("run-scheduled-jobs", PERIODIC, ()),
    ]
    assert second_queue.messages == []


async def test_the_first_run_replays_nothing_from_the_past(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock
) -> None:
    scheduler, queue = make_scheduler(redis, key_prefix, clock)
    await scheduler.tick()
    clock.advance(minutes=4)  # 00:14: nothing due since the scheduler first ran at 00:10
    await scheduler.tick()
    assert queue.messages == []


async def test_a_late_run_fires_each_task_once(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock
) -> None:
    scheduler, queue = make_scheduler(redis, key_prefix, clock)
    await scheduler.tick()
    clock.advance(hours=2)  # eight quarter-hours and one nightly run were missed
    for _ in range(5):
        assert len(await scheduler.tick()) <= 2
    assert sorted(name for name, _, _ in queue.messages) == ["create-nightly-billing", "run-scheduled-jobs"]
    clock.advance(minutes=15)
    await scheduler.tick()
    assert count([queue], "run-scheduled-jobs") == 2


async def test_when_the_leader_dies_the_other_takes_over_within_the_expiry_without_refiring(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock
) -> None:
    leader, leader_queue = make_scheduler(redis, key_prefix, clock)
    standby, standby_queue = make_scheduler(redis, key_prefix, clock)
    await leader.tick()
    clock.advance(minutes=6)
    await leader.tick()
    assert count([leader_queue], "run-scheduled-jobs") == 1

    # The leader stops ticking without releasing the lock, as a killed process would.
    died_at = time.monotonic()
    while not standby.is_leader:
        await standby.tick()
        assert time.monotonic() - died_at < FAST.lock_ttl + 0.5
        await asyncio.sleep(FAST.poll)
    assert time.monotonic() - died_at >= FAST.lock_ttl * 0.5
    await standby.tick()
    assert standby_queue.messages == []  # the 00:15 run already happened under the old leader

    clock.advance(minutes=15)
    await standby.tick()
    assert count([standby_queue], "run-scheduled-jobs") == 1
    assert count([leader_queue, standby_queue], "run-scheduled-jobs") == 2


async def test_a_scheduler_that_lost_its_lock_fires_nothing(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock
) -> None:
    scheduler, queue = make_scheduler(redis, key_prefix, clock)
    await scheduler.tick()
    assert scheduler.is_leader
    # The lock expired while this process was stalled and another instance took it.
    await redis.set(f"{key_prefix}leader", "another-instance")
    clock.advance(minutes=6)
    await scheduler.tick()
    assert queue.messages == []
    await asyncio.sleep(FAST.renew_every)
    await scheduler.tick()
    assert not scheduler.is_leader
    assert await redis.get(f"{key_prefix}leader") == b"another-instance"


class FailsOnce(RecordingTaskQueue):
    def __init__(self) -> None:
        super().__init__()
        self.failures = 0

    async def enqueue(
        self,
        actor_name: str,
        queue: str,
        *args: Any,
        delay_ms: int | None = None,
        message_id: str | None = None,
    ) -> None:
        if self.failures == 0:
            self.failures += 1
            raise ConnectionError("broker unavailable")
        await super().enqueue(actor_name, queue, *args, delay_ms=delay_ms)


async def test_a_task_whose_enqueue_failed_is_tried_again(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock
) -> None:
    queue = FailsOnce()
    scheduler = Scheduler(
        redis, queue, tasks=(QUARTER_HOURLY,), clock=clock, key_prefix=key_prefix, timing=FAST
    )
    await scheduler.tick()
    clock.advance(minutes=6)
    assert await scheduler.tick() == []
    assert await scheduler.tick() == ["run-scheduled-jobs"]
    assert await scheduler.tick() == []
    assert queue.messages == [("run-scheduled-jobs", PERIODIC, ())]


async def test_two_running_schedulers_fire_once_and_a_stopped_leader_hands_over(
    redis: aioredis.Redis, key_prefix: str, clock: FakeClock
) -> None:
    settings = Settings(redis_url=REDIS_URL)
    queues = [RecordingTaskQueue(), RecordingTaskQueue()]
    stops = [asyncio.Event(), asyncio.Event()]
    runs = [
        asyncio.create_task(
            run_scheduler(
                settings, stop=stop, task_queue=queue, clock=clock, key_prefix=key_prefix, timing=FAST
            )
        )
        for stop, queue in zip(stops, queues, strict=True)
    ]
    try:
        await asyncio.sleep(0.2)  # both have ticked and the first fire times are recorded
        clock.advance(minutes=6)
        await eventually(lambda: count(queues, "replay-created-notifications") == 1)
        leader = 0 if queues[0].messages else 1
        await asyncio.sleep(0.2)
        assert count(queues, "replay-created-notifications") == 1
        assert queues[1 - leader].messages == []

        stops[leader].set()
        await runs[leader]
        clock.advance(minutes=15)
        # The stopped leader released its lock, so the other takes over well before the lock would expire.
        await eventually(lambda: count(queues, "replay-created-notifications") == 2, within=FAST.lock_ttl)
        assert count([queues[1 - leader]], "replay-created-notifications") == 1
    finally:
        for stop in stops:
            stop.set()
        await asyncio.gather(*runs)
    assert await redis.get(f"{key_prefix}leader") is None
