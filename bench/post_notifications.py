"""Benchmark: POST /v2/notifications/sms against the API served with 2 uvicorn workers, measured with wrk.

    .venv/bin/python bench/post_notifications.py [--seconds 20] [--idempotency]

Needs PostgreSQL and Redis on their usual local ports and `wrk` (Debian package `wrk`). It creates a scratch
database `notify_bench_post`, a service with limits raised out of the way, a live key and an SMS template;
runs GET /_status?simple=1 (the ceiling) and the send endpoint at concurrency 16 and 64; prints requests/s,
p50, p99 and non-2xx counts; then checks that every accepted notification is in the database. With
``--idempotency`` each concurrency also runs with a new Idempotency-Key on every request, for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import jwt
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import bench_environment, fresh_database, run_wrk, served_api
from notify_api.crypto import Encryption

DATABASE = "notify_bench_post"
REDIS_DB = 11


async def seed(settings_secret: str, database: str = DATABASE) -> tuple[uuid.UUID, str, uuid.UUID]:
    connection = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}")
    try:
        user_id, service_id, template_id, key_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        secret = str(uuid.uuid4())
        await connection.execute(
            "INSERT INTO users (id, name, email_address, created_at, _password, password_changed_at, "
            "failed_login_count, state, platform_admin, auth_type, email_access_validated_at) "
            "VALUES ($1, 'Bench', 'bench@example.gov.uk', now(), 'x', now(), 0, 'active', false, 'email_auth', now())",
            user_id,
        )
        for table in ("services", "services_history"):
            await connection.execute(
                f"INSERT INTO {table} (id, name, created_at, active, message_limit, restricted, research_mode, "
                "email_from, created_by_id, prefix_sms, rate_limit, count_as_live, version) "
                "VALUES ($1, 'Bench service', now(), true, 100000000, false, false, 'bench', $2, true, 100000000, "
                "true, 1)",
                service_id,
                user_id,
            )
        await connection.executemany(
            "INSERT INTO service_permissions (service_id, permission, created_at) VALUES ($1, $2, now())",
            [(service_id, permission) for permission in ("sms", "email", "international_sms")],
        )
        await connection.execute(
            "INSERT INTO service_sms_senders (id, sms_sender, service_id, is_default, archived, created_at) "
            "VALUES ($1, 'GOVUK', $2, true, false, now())",
            uuid.uuid4(),
            service_id,
        )
        for table in ("templates", "templates_history"):
            await connection.execute(
                f"INSERT INTO {table} (id, name, template_type, created_at, content, archived, hidden, service_id, "
                "created_by_id, process_type, version) VALUES ($1, 'Bench', 'sms', now(), "
                "'Hello ((name)), your code is ((code))', false, false, $2, $3, 'normal', 1)",
                template_id,
                service_id,
                user_id,
            )
        await connection.execute(
            "INSERT INTO api_keys (id, name, secret, service_id, key_type, created_at, created_by_id, version) "
            "VALUES ($1, 'bench', $2, $3, 'normal', now(), $4, 1)",
            key_id,
            Encryption(settings_secret).encrypt(secret),
            service_id,
            user_id,
        )
        return service_id, secret, template_id
    finally:
        await connection.close()


async def count_notifications(service_id: uuid.UUID) -> int:
    connection = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}")
    try:
        return int(
            await connection.fetchval("SELECT count(*) FROM notifications WHERE service_id = $1", service_id)
        )
    finally:
        await connection.close()


# A new key on every request: a random prefix per wrk thread (each has its own Lua state) and a counter.
IDEMPOTENCY_LUA = """
local prefix, counter = nil, 0
request = function()
  if prefix == nil then prefix = tostring(math.random(1, 1000000000)) .. tostring({}) end
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format()
end
"""


def post_script(
    directory: Path,
    service_id: uuid.UUID,
    secret: str,
    template_id: uuid.UUID,
    seconds: int,
    *,
    idempotency: bool = False,
) -> str:
    # One token for the whole run: iat may be up to 30 s ahead, so this one is valid for about a minute.
    token = jwt.encode({"iss": str(service_id), "iat": int(time.time()) + 25}, secret, algorithm="HS256")
    assert seconds <= 50, "the token must outlive the run"
    body = (
        '{"phone_number": "07700900123", "template_id": "' + str(template_id) + '", '
        '"personalisation": {"name": "Ada", "code": "12345"}, "reference": "bench"}'
    )
    script = directory / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = '{body}'\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n' + (IDEMPOTENCY_LUA if idempotency else "")
    )
    return str(script)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--idempotency", action="store_true", help="also run with an Idempotency-Key per request")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB, help="the Redis database it may empty")
    args = parser.parse_args()
    environment = bench_environment(DATABASE, args.redis_db)
    settings = fresh_database(DATABASE, environment)
    service_id, secret, template_id = asyncio.run(seed(settings.secret_key))
    queues = redis.Redis.from_url(environment["REDIS_URL"])
    queues.flushdb()
    accepted = 0
    with served_api(environment) as base_url, tempfile.TemporaryDirectory() as scratch:
        ceiling = run_wrk(f"{base_url}/_status?simple=1", 16, args.seconds)
        print(ceiling.line("GET /_status?simple=1  c=16"), flush=True)
        for connections in (16, 64):
            plain = 0.0
            for keyed in (False, True) if args.idempotency else (False,):
                script = post_script(
                    Path(scratch), service_id, secret, template_id, args.seconds, idempotency=keyed
                )
                result = run_wrk(f"{base_url}/v2/notifications/sms", connections, args.seconds, script)
                accepted += result.requests - result.non_2xx
                label = "  with Idempotency-Key" if keyed else ""
                print(result.line(f"POST /v2/notifications/sms  c={connections}{label}"), flush=True)
                if keyed:
                    print(f"  with keys: {result.requests_per_second / plain:.0%} of the requests/s without")
                plain = result.requests_per_second
                if connections == 16 and not keyed:
                    share = result.requests_per_second / ceiling.requests_per_second
                    print(f"  send endpoint at c=16 serves {share:.0%} of the ceiling's requests/s")
    stored = asyncio.run(count_notifications(service_id))
    print(f"accepted (2xx) {accepted:,}; notifications in the database {stored:,} (every accepted one: {stored >= accepted})")
    print(
        f"messages waiting on the bench queues: {sum(queues.llen(key) for key in queues.keys('notify:bench-*') if not key.endswith(b'.msgs'))}"
    )
    queues.flushdb()
    # wrk stops counting at the deadline while the last requests still complete, so the database may hold a
    # few more than wrk saw answered; fewer would mean an accepted notification was lost.
    return 0 if stored >= accepted else 1


if __name__ == "__main__":
    sys.exit(main())
