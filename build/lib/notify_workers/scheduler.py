"""The periodic-task scheduler: enqueues the tasks of ``schedule.py`` when they are due, London time.

Any number of scheduler processes may run; exactly one is active. Leadership is a Redis key taken with
SET NX PX and renewed by its holder; the others poll and take over when it expires. The time of the last
fire of each task is kept in Redis and advanced by a compare-and-set that also checks leadership, so a task
is enqueued once per occurrence even across a change of leader, and a late run still fires (once).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from notify_api.logging import configure_logging, get_logger
from notify_api.runtime import build_task_queue
from notify_api.settings import Settings
from notify_api.tasks.enqueue import TaskQueue
from notify_workers.schedule import ACTIVE_SCHEDULE, PeriodicTask, next_fire_after, validate_schedule

log = get_logger(__name__)

Clock = Callable[[], datetime]
DEFAULT_KEY_PREFIX: Final = "scheduler:"

# Only the owner (the token holder) may renew or release the leader key.
_RENEW_IF_OWNER: Final = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE_IF_OWNER: Final = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""
# Advance a task's last-fire record only if we still lead and nobody moved it since we read it.
# ARGV[2] is the value we read ('' when the key was absent).
_ADVANCE_LAST_FIRE: Final = """
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
local current = redis.call('get', KEYS[2])
if current == false then current = '' end
if current ~= ARGV[2] then return 0 end
redis.call('set', KEYS[2], ARGV[3])
return 1
"""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SchedulerTiming:
    """In seconds. The lock outlives a few missed renewals; a takeover happens within ``lock_ttl + poll``."""

    lock_ttl: float = 30.0
    renew_every: float = 10.0
    poll: float = 1.0


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class Scheduler:
    def __init__(
        self,
        redis: aioredis.Redis,
        task_queue: TaskQueue,
        *,
        tasks: Sequence[PeriodicTask] = ACTIVE_SCHEDULE,
        clock: Clock = utc_now,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        timing: SchedulerTiming = SchedulerTiming(),
    ) -> None:
        validate_schedule(tuple(tasks))
        self._redis = redis
        self._task_queue = task_queue
        self._tasks = tuple(tasks)
        self._clock = clock
        self._timing = timing
        self._leader_key = f"{key_prefix}leader"
        self._last_prefix = f"{key_prefix}last:"
        self.token = uuid.uuid4().hex
        self._is_leader = False
        self._renewed_at = 0.0
        self._renew = redis.register_script(_RENEW_IF_OWNER)
        self._release = redis.register_script(_RELEASE_IF_OWNER)
        self._advance = redis.register_script(_ADVANCE_LAST_FIRE)

    @property
    def is_leader(self) -> bool:
        return self._is_leader

    def last_fire_key(self, task_name: str) -> str:
        return f"{self._last_prefix}{task_name}"

    async def tick(self) -> list[str]:
        """One round: keep or seek leadership, then enqueue what is due. Returns the names fired."""
        await self._keep_or_seek_leadership()
        if not self._is_leader:
            return []
        return await self._fire_due_tasks()

    async def run(self, stop: asyncio.Event) -> None:
        log.info("scheduler.started", instance=self.token, tasks=len(self._tasks))
        try:
            while not stop.is_set():
                try:
                    await self.tick()
                except RedisError as error:
                    # Redis unreachable: nothing can be fired safely; keep trying.
                    log.warning("scheduler.redis_error", error=str(error))
                except Exception:
                    # A bad round must not stop the schedule; the next round starts afresh.
                    log.exception("scheduler.tick_failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self._timing.poll)
        finally:
            await self.resign()
            log.info("scheduler.stopped", instance=self.token)

    async def resign(self) -> None:
        """Give up leadership at once, so another instance takes over without waiting for the expiry."""
        if not self._is_leader:
            return
        self._is_leader = False
        try:
            await self._release(keys=[self._leader_key], args=[self.token])
            log.info("scheduler.leadership_released", instance=self.token)
        except RedisError as error:
            log.warning("scheduler.release_failed", error=str(error))

    async def _keep_or_seek_leadership(self) -> None:
        ttl_ms = int(self._timing.lock_ttl * 1000)
        now = time.monotonic()
        if self._is_leader:
            if now - self._renewed_at < self._timing.renew_every:
                return
            renewed = await self._renew(keys=[self._leader_key], args=[self.token, ttl_ms])
            if renewed:
                self._renewed_at = now
                return
            self._is_leader = False
            log.warning("scheduler.leadership_lost", instance=self.token)
        if await self._redis.set(self._leader_key, self.token, nx=True, px=ttl_ms):
            self._is_leader = True
            self._renewed_at = now
            log.info("scheduler.leadership_acquired", instance=self.token)

    async def _fire_due_tasks(self) -> list[str]:
        keys = [self.last_fire_key(task.name) for task in self._tasks]
        recorded = await self._redis.mget(keys)
        now = self._clock()
        fired: list[str] = []
        for task, raw in zip(self._tasks, recorded, strict=True):
            last_text = _text(raw)
            if last_text is None:
                # First run ever: count from now rather than replaying the past.
                await self._advance_last_fire(task, "", now)
                continue
            if next_fire_after(task, datetime.fromisoformat(last_text)) > now:
                continue
            # Recording the fire time is the claim: it succeeds for one leader only. Missed occurrences
            # collapse into this one fire because the record jumps to `now`.
            if not await self._advance_last_fire(task, last_text, now):
                continue
            if await self._enqueue(task):
                fired.append(task.name)
            else:
                # Put the record back so the next round tries again.
                await self._advance(
                    keys=[self._leader_key, self.last_fire_key(task.name)],
                    args=[self.token, now.isoformat(), last_text],
                )
        return fired

    async def _advance_last_fire(self, task: PeriodicTask, expected: str, now: datetime) -> bool:
        result = await self._advance(
            keys=[self._leader_key, self.last_fire_key(task.name)],
            args=[self.token, expected, now.isoformat()],
        )
        return bool(result)

    async def _enqueue(self, task: PeriodicTask) -> bool:
        # The actor may not exist yet in the workers: the message then waits on its queue, which is harmless.
        try:
            await self._task_queue.enqueue(task.actor_name, task.queue, *task.args)
        except Exception as error:
            log.error("scheduler.enqueue_failed", task=task.name, queue=task.queue, error=str(error))
            return False
        log.info("scheduler.task_enqueued", task=task.name, queue=task.queue)
        return True


async def run_scheduler(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    task_queue: TaskQueue | None = None,
    clock: Clock = utc_now,
    key_prefix: str = DEFAULT_KEY_PREFIX,
    timing: SchedulerTiming | None = None,
) -> None:
    """Run until ``stop`` is set; with no ``stop`` given, until SIGTERM or SIGINT."""
    redis = aioredis.Redis.from_url(settings.redis_url)
    if task_queue is None:
        task_queue = build_task_queue(settings, redis)
    scheduler = Scheduler(
        redis, task_queue, clock=clock, key_prefix=key_prefix, timing=timing or SchedulerTiming()
    )
    handled_signals: list[signal.Signals] = []
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
            handled_signals.append(signum)
    try:
        await scheduler.run(stop)
    finally:
        loop = asyncio.get_running_loop()
        for signum in handled_signals:
            loop.remove_signal_handler(signum)
        await redis.aclose()


def main() -> None:
    settings = Settings.from_env()
    configure_logging(settings)
    asyncio.run(run_scheduler(settings))


if __name__ == "__main__":
    main()
