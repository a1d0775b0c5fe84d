"""Benchmark: the nightly facts of one busy day, and the dashboard's reads of a busy service.

    .venv/bin/python bench/reporting.py [--reuse] [--requests 300]

Needs PostgreSQL and Redis on their usual local ports. Creates the database `notify_bench_reporting` (kept
afterwards; `--reuse` skips re-seeding it) and seeds, with set-based SQL:
- 2,000,000 SMS notifications created yesterday (London) across 1,000 services (one in ten with a test key,
  statuses and providers mixed); then builds `ft_notification_status` and `ft_billing` for that day, prints
  the time of each, builds them again and checks the rows are identical;
- one more service with 500,000 notifications today and 90 days of status facts; then times
  `/service/{id}/statistics`, the first page of `/service/{id}/notifications` and a `to` search through the
  real app (auth, SQL, decryption, JSON) over httpx's ASGI transport, printing p50/p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import PG, bench_environment, fresh_database
from bench.list_notifications import SEED_SQL, TEMPLATE_CONTENT, percentile
from notify_api.crypto import Encryption
from notify_api.db.database import create_database
from notify_api.reporting import facts
from notify_api.settings import Settings
from notify_api.timeutils import london_midnight_utc, london_today
from notify_api.web.app import create_app
from tests.helpers import admin_headers

DATABASE = "notify_bench_reporting"
REDIS_DB = 5
SERVICES = 1_000
DAY_NOTIFICATIONS = 2_000_000
BUSY_TODAY = 500_000
FACT_DAYS = 90

# ``$2`` messages from ``$3`` services' templates, spread over ``$5`` seconds from ``$4``.
NOTIFICATIONS_SQL = """
WITH bench_templates AS (
    SELECT id, service_id, (row_number() OVER (ORDER BY id)) - 1 AS slot
    FROM templates WHERE created_by_id = $1
)
INSERT INTO notifications (id, "to", normalised_to, service_id, template_id, template_version, key_type,
    billable_units, notification_type, created_at, sent_at, sent_by, notification_status, _personalisation,
    international, phone_prefix, rate_multiplier)
SELECT gen_random_uuid(), '07700900' || lpad((i % 1000)::text, 3, '0'),
    '447700900' || lpad((i % 1000)::text, 3, '0'), t.service_id, t.id, 1,
    CASE WHEN i % 10 = 0 THEN 'test' ELSE 'normal' END, 1 + i % 3, 'sms',
    $4::timestamp + make_interval(secs => (i::float / $2) * $5),
    $4::timestamp + make_interval(secs => (i::float / $2) * $5 + 2),
    (ARRAY['mmg', 'firetext'])[1 + i % 2],
    (ARRAY['created', 'sending', 'delivered', 'delivered', 'permanent-failure', 'temporary-failure'])[1 + i % 6],
    $6, false, '44', 1
FROM generate_series(0, $2 - 1) AS i
JOIN bench_templates t ON t.slot = i % $3
"""

FACTS_SQL = """
INSERT INTO ft_notification_status (bst_date, template_id, service_id, job_id, notification_type, key_type,
    notification_status, notification_count, created_at)
SELECT d::date, t.id, t.service_id, '00000000-0000-0000-0000-000000000000', 'sms', 'normal', s, 1000, now()
FROM templates t, generate_series($2::date, $3::date, interval '1 day') AS d,
     unnest(ARRAY['delivered', 'sending', 'permanent-failure']) AS s
WHERE t.created_by_id = $1
"""


async def _seed_users_services(connection: asyncpg.Connection, count: int) -> uuid.UUID:
    """A user with ``count`` services of one SMS template each (the list benchmark's seed, names made unique)."""
    user_id = uuid.uuid4()
    tag = user_id.hex[:8]
    await connection.execute(SEED_SQL[0].replace("bench-list@", f"bench-{tag}@"), user_id)
    services = (
        SEED_SQL[1]
        .replace("'Bench service '", f"'Bench {tag} '")
        .replace("'bench' || n", f"'bench{tag}' || n")
    )
    await connection.execute(services, user_id, count)
    await connection.execute(SEED_SQL[2], user_id)
    await connection.execute(SEED_SQL[3], user_id, TEMPLATE_CONTENT)
    await connection.execute(SEED_SQL[4], user_id)
    return user_id


async def seed(encryption: Encryption) -> uuid.UUID:
    """The busy day for 1,000 services, and the busy service; returns the busy service's id."""
    token = encryption.encrypt_json({"name": "person", "code": "12345"})
    today = london_today()
    connection = await asyncpg.connect(f"{PG}/{DATABASE}")
    try:
        many = await _seed_users_services(connection, SERVICES)
        started = time.perf_counter()
        yesterday_start = london_midnight_utc(today - timedelta(days=1))
        await connection.execute(
            NOTIFICATIONS_SQL, many, DAY_NOTIFICATIONS, SERVICES, yesterday_start, 86_399, token
        )
        print(
            f"seeded {DAY_NOTIFICATIONS:,} notifications for yesterday in {time.perf_counter() - started:.1f} s"
        )
        busy = await _seed_users_services(connection, 1)
        now = london_midnight_utc(today)
        # today's first hour, so every one is in the past whenever the benchmark runs after 01:00
        await connection.execute(NOTIFICATIONS_SQL, busy, BUSY_TODAY, 1, now, 3_599, token)
        await connection.execute(
            FACTS_SQL, busy, today - timedelta(days=FACT_DAYS), today - timedelta(days=1)
        )
        await connection.execute("VACUUM ANALYZE")
        service_id: uuid.UUID = await connection.fetchval(
            "SELECT id FROM services WHERE created_by_id = $1", busy
        )
        return service_id
    finally:
        await connection.close()


async def build_day_twice(settings: Settings) -> None:
    database = create_database(settings, pool_size=1)
    day = london_today() - timedelta(days=1)
    try:
        snapshots = []
        for attempt in (1, 2):
            timings = {}
            for name, build in (("ft_notification_status", facts.build_status_day),
                                ("ft_billing", facts.build_billing_day)):  # fmt: skip
                started = time.perf_counter()
                async with database.unit_of_work() as work:
                    rows = await build(work.connection, day)
                timings[name] = (time.perf_counter() - started, rows)
            total = sum(seconds for seconds, _ in timings.values())
            print(f"build {attempt}: " + ", ".join(f"{name} {seconds:.1f} s ({rows} rows)"
                  for name, (seconds, rows) in timings.items()) + f"; together {total:.1f} s")  # fmt: skip
            snapshots.append(await _fact_rows(day))
        print("rebuilt rows identical:", snapshots[0] == snapshots[1], f"({len(snapshots[0][0])} status rows, "
              f"{len(snapshots[0][1])} billing rows)")  # fmt: skip
    finally:
        await database.dispose()


async def _fact_rows(day: object) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    raw = await asyncpg.connect(f"{PG}/{DATABASE}")
    try:
        status = await raw.fetch(
            "SELECT template_id, service_id, job_id, notification_type, key_type, notification_status, "
            "notification_count FROM ft_notification_status WHERE bst_date = $1 ORDER BY 1, 2, 3, 4, 5, 6",
            day,
        )
        billing = await raw.fetch(
            "SELECT template_id, service_id, notification_type, provider, rate_multiplier, international, rate, "
            "postage, billable_units, notifications_sent FROM ft_billing WHERE bst_date = $1 "
            "ORDER BY 1, 2, 3, 4, 5, 6, 7, 8",
            day,
        )
        return [tuple(row) for row in status], [tuple(row) for row in billing]
    finally:
        await raw.close()


async def time_dashboard(settings: Settings, service_id: uuid.UUID, count: int) -> None:
    app = create_app(settings)
    calls = {
        "statistics": (f"/service/{service_id}/statistics", {}),
        "notifications, first page": (f"/service/{service_id}/notifications", {}),
        "notifications, to search": (f"/service/{service_id}/notifications", {"to": "07700900123"}),
    }
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as client:
            for name, (path, params) in calls.items():
                for _ in range(10):  # warm up: pool, prepared statements
                    await client.get(path, params=params, headers=admin_headers(settings))
                timings = []
                for _ in range(count):
                    headers = admin_headers(settings)
                    started = time.perf_counter()
                    response = await client.get(path, params=params, headers=headers)
                    timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.text
                print(f"GET {name}: {count} requests, p50 {percentile(timings, 0.5):.1f} ms, "
                      f"p99 {percentile(timings, 0.99):.1f} ms, max {max(timings):.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="use the seeded database as it is")
    parser.add_argument("--skip-facts", action="store_true", help="only time the dashboard's reads")
    args = parser.parse_args()
    environment = bench_environment(DATABASE, REDIS_DB)
    settings = Settings.from_env(environment) if args.reuse else fresh_database(DATABASE, environment)
    encryption = Encryption(settings.secret_key)

    async def run() -> None:
        if args.reuse:
            raw = await asyncpg.connect(f"{PG}/{DATABASE}")
            service_id = await raw.fetchval(
                "SELECT service_id FROM notifications WHERE created_at >= $1 LIMIT 1",
                london_midnight_utc(london_today()),
            )
            await raw.close()
        else:
            service_id = await seed(encryption)
        if not args.skip_facts:
            await build_day_twice(settings)
        await time_dashboard(settings, service_id, args.requests)

    asyncio.run(run())


if __name__ == "__main__":
    main()
