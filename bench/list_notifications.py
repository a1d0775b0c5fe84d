"""Benchmark: one page of GET /v2/notifications for one service among 1,000,000 notifications.

    .venv/bin/python bench/list_notifications.py [--requests 500] [--reuse]

Needs PostgreSQL and Redis on their usual local ports. Creates the database `notify_bench` (kept afterwards;
`--reuse` skips re-seeding it), seeds 100 services with 10,000 SMS notifications each (one in ten sent with a
test key; personalisation encrypted as the API stores it) using set-based SQL, then requests pages through the
real app (auth, validation, SQL, decryption, rendering, JSON) over httpx's ASGI transport, each with a
random `older_than`, and prints p50/p90/p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import asyncpg
import httpx
import jwt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import PG, bench_environment, fresh_database
from notify_api.crypto import Encryption
from notify_api.settings import Settings
from notify_api.web.app import create_app

DATABASE = "notify_bench"
REDIS_DB = 12
SERVICES = 100
NOTIFICATIONS = 1_000_000
PERSONALISATION_VARIANTS = 100
TEMPLATE_CONTENT = "Hello ((name)), your code is ((code)). Reply STOP to stop these messages."

SEED_SQL = [
    """INSERT INTO users (id, name, email_address, created_at, _password, password_changed_at,
         failed_login_count, state, platform_admin, auth_type, email_access_validated_at)
       VALUES ($1, 'Bench', 'bench-list@example.gov.uk', now(), 'x', now(), 0, 'active', false,
         'email_auth', now())""",
    """INSERT INTO services (id, name, created_at, active, message_limit, restricted, research_mode,
         email_from, created_by_id, prefix_sms, rate_limit, count_as_live, version)
       SELECT gen_random_uuid(), 'Bench service ' || n, now(), true, 100000000, false, false,
         'bench' || n, $1, true, 100000000, true, 1
       FROM generate_series(1, $2) AS n""",
    """INSERT INTO services_history (id, name, created_at, active, message_limit, restricted, research_mode,
         email_from, created_by_id, prefix_sms, rate_limit, count_as_live, version)
       SELECT id, name, created_at, active, message_limit, restricted, research_mode, email_from,
         created_by_id, prefix_sms, rate_limit, count_as_live, version FROM services WHERE created_by_id = $1""",
    """INSERT INTO templates (id, name, template_type, created_at, content, archived, hidden, service_id,
         created_by_id, process_type, version)
       SELECT gen_random_uuid(), 'Bench', 'sms', now(), $2, false, false, id, $1, 'normal', 1
       FROM services WHERE created_by_id = $1""",
    """INSERT INTO templates_history (id, name, template_type, created_at, content, archived, hidden,
         service_id, created_by_id, process_type, version)
       SELECT id, name, template_type, created_at, content, archived, hidden, service_id, created_by_id,
         process_type, version FROM templates WHERE created_by_id = $1""",
]

# Spread over the last seven days, newest first per service; statuses and key types mixed.
NOTIFICATIONS_SQL = """
WITH bench_templates AS (
    SELECT id, service_id, (row_number() OVER (ORDER BY id)) - 1 AS slot
    FROM templates WHERE created_by_id = $1
)
INSERT INTO notifications (id, "to", normalised_to, service_id, template_id, template_version, key_type,
    billable_units, notification_type, created_at, sent_at, updated_at, notification_status,
    _personalisation, international, phone_prefix, rate_multiplier)
SELECT gen_random_uuid(), '07700900' || lpad((i % 1000)::text, 3, '0'),
    '447700900' || lpad((i % 1000)::text, 3, '0'), t.service_id, t.id, 1,
    CASE WHEN i % 10 = 0 THEN 'test' ELSE 'normal' END, 1, 'sms',
    now() - make_interval(secs => (i / $3::int) * 60.0 + random()),
    now() - make_interval(secs => (i / $3::int) * 60.0), now() - make_interval(secs => (i / $3::int) * 60.0),
    (ARRAY['created', 'sending', 'delivered', 'delivered', 'permanent-failure'])[1 + i % 5],
    ($4::text[])[1 + i % array_length($4::text[], 1)], false, '44', 1
FROM generate_series(0, $2 - 1) AS i
JOIN bench_templates t ON t.slot = i % $3
"""


async def seed(encryption: Encryption) -> None:
    connection = await asyncpg.connect(f"{PG}/{DATABASE}")
    try:
        user_id = uuid.uuid4()
        await connection.execute(SEED_SQL[0], user_id)
        await connection.execute(SEED_SQL[1], user_id, SERVICES)
        await connection.execute(SEED_SQL[2], user_id)
        await connection.execute(SEED_SQL[3], user_id, TEMPLATE_CONTENT)
        await connection.execute(SEED_SQL[4], user_id)
        tokens = [
            encryption.encrypt_json({"name": f"person {n}", "code": f"{n:05d}"})
            for n in range(PERSONALISATION_VARIANTS)
        ]
        started = time.perf_counter()
        await connection.execute(NOTIFICATIONS_SQL, user_id, NOTIFICATIONS, SERVICES, tokens)
        print(f"seeded {NOTIFICATIONS:,} notifications in {time.perf_counter() - started:.1f} s")
        await connection.execute("VACUUM ANALYZE notifications")
    finally:
        await connection.close()


async def pick_service(encryption: Encryption) -> tuple[uuid.UUID, str, list[uuid.UUID]]:
    """A service with a fresh live key, and the ids of its live-key notifications to page from."""
    connection = await asyncpg.connect(f"{PG}/{DATABASE}")
    try:
        service_id, user_id = await connection.fetchrow(
            "SELECT id, created_by_id FROM services WHERE name LIKE 'Bench service %' ORDER BY name LIMIT 1"
        )
        secret = str(uuid.uuid4())
        await connection.execute(
            "INSERT INTO api_keys (id, name, secret, service_id, key_type, created_at, created_by_id, version) "
            "VALUES ($1, $2, $3, $4, 'normal', now(), $5, 1)",
            uuid.uuid4(),
            f"bench {secret[:8]}",
            encryption.encrypt(secret),
            service_id,
            user_id,
        )
        rows = await connection.fetch(
            "SELECT id FROM notifications WHERE service_id = $1 AND key_type = 'normal'", service_id
        )
        plan = await connection.fetch(
            "EXPLAIN SELECT id FROM notifications WHERE service_id = $1 AND key_type = 'normal' "
            "AND (created_at, id) < (SELECT created_at, id FROM notifications o WHERE o.id = $2) "
            "ORDER BY created_at DESC, id DESC LIMIT 250",
            service_id,
            rows[len(rows) // 2]["id"],
        )
        scans = [row[0].strip().lstrip("-> ") for row in plan if "Index" in row[0]]
        print("index scans:", " | ".join(scans))
        return service_id, secret, [row["id"] for row in rows]
    finally:
        await connection.close()


def headers(service_id: uuid.UUID, secret: str) -> dict[str, str]:
    token = jwt.encode({"iss": str(service_id), "iat": int(time.time())}, secret, algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def measure(
    settings: Settings, service_id: uuid.UUID, secret: str, ids: list[uuid.UUID], count: int
) -> None:
    app = create_app(settings)
    chooser = random.Random(2022)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as client:
            for _ in range(20):  # warm up: connection pool, prepared statements, auth cache
                await client.get("/v2/notifications", headers=headers(service_id, secret))
            timings: list[float] = []
            sizes: list[int] = []
            for n in range(count):
                params = {} if n == 0 else {"older_than": str(chooser.choice(ids))}
                request_headers = headers(service_id, secret)
                started = time.perf_counter()
                response = await client.get("/v2/notifications", params=params, headers=request_headers)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
                sizes.append(len(response.json()["notifications"]))
    print(
        f"GET /v2/notifications, {count} requests, mean page {statistics.mean(sizes):.0f} notifications: "
        f"p50 {percentile(timings, 0.50):.1f} ms, p90 {percentile(timings, 0.90):.1f} ms, "
        f"p99 {percentile(timings, 0.99):.1f} ms, max {max(timings):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--reuse", action="store_true", help="use the seeded database as it is")
    args = parser.parse_args()
    environment = bench_environment(DATABASE, REDIS_DB)
    settings = Settings.from_env(environment) if args.reuse else fresh_database(DATABASE, environment)
    encryption = Encryption(settings.secret_key)
    if not args.reuse:
        asyncio.run(seed(encryption))

    async def run() -> None:
        service_id, secret, ids = await pick_service(encryption)
        await measure(settings, service_id, secret, ids, args.requests)

    asyncio.run(run())


if __name__ == "__main__":
    main()
