"""Benchmark: nightly retention moving 2,000,000 notifications of 100 services to history under send load.

    .venv/bin/python bench/retention.py [--rows 2000000] [--services 100] [--seconds 15]

Needs PostgreSQL and Redis on their usual local ports and `wrk`. It creates a scratch database
`notify_bench_retention`, a sending service (as bench/post_notifications.py does) and 100 services with
notifications 30 days old; then, against the API served with 2 workers:
1. POST /v2/notifications/sms at c=16 for --seconds, alone (the baseline p99);
2. `python cli.py run-task delete-notifications-older-than-retention` and, at the same time, the same POST load
   in back-to-back windows of --seconds until the move has finished (p99 of each window, errors).
Prints the move's time and rows/s, both p99s, and checks that every old row is in history and none is left.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import ROOT, WrkResult, bench_environment, fresh_database, run_wrk, served_api
from bench.post_notifications import post_script, seed

DATABASE = "notify_bench_retention"
REDIS_DB = 7
URL = f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"


async def seed_old_notifications(services: int, rows: int, template_id: uuid.UUID) -> None:
    connection = await asyncpg.connect(URL)
    try:
        user_id = await connection.fetchval("SELECT id FROM users LIMIT 1")
        per_service = rows // services
        started = time.perf_counter()
        for number in range(services):
            service_id = uuid.uuid4()
            await connection.execute(
                "INSERT INTO services (id, name, created_at, active, message_limit, restricted, research_mode, "
                "email_from, created_by_id, prefix_sms, rate_limit, count_as_live, version) "
                "VALUES ($1, $2, now(), true, 1000, false, false, $3, $4, true, 3000, true, 1)",
                service_id,
                f"Retention {number}",
                f"retention-{number}",
                user_id,
            )
            # half texts, half emails, all delivered 30 days ago; the sending service's template stands in
            await connection.execute(
                'INSERT INTO notifications (id, "to", normalised_to, service_id, template_id, template_version,'
                " key_type, billable_units, notification_type, created_at, sent_at, notification_status,"
                " international, reference)"
                " SELECT gen_random_uuid(), '+447700900855', '447700900855', $1, $2, 1, 'normal', 1,"
                " CASE WHEN n % 2 = 0 THEN 'sms' ELSE 'email' END::notification_type,"
                " now() - interval '30 days' - n * interval '1 second', now() - interval '30 days',"
                " 'delivered', false, 'ref-' || n FROM generate_series(1, $3) AS n",
                service_id,
                template_id,
                per_service,
            )
            if number % 10 == 9:
                print(
                    f"  seeded {(number + 1) * per_service:,} rows ({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
        await connection.execute("VACUUM ANALYZE notifications")
    finally:
        await connection.close()


async def counts() -> tuple[int, int, int]:
    connection = await asyncpg.connect(URL)
    try:
        old = await connection.fetchval(
            "SELECT count(*) FROM notifications WHERE created_at < now() - interval '8 days'"
        )
        history = await connection.fetchval("SELECT count(*) FROM notification_history")
        both = await connection.fetchval(
            "SELECT count(*) FROM notifications n JOIN notification_history h ON h.id = n.id"
        )
        return int(old), int(history), int(both)
    finally:
        await connection.close()


def load_window(
    base_url: str, scratch: Path, service_id: uuid.UUID, secret: str, template_id: uuid.UUID, seconds: int
) -> WrkResult:
    script = post_script(scratch, service_id, secret, template_id, seconds)
    return run_wrk(f"{base_url}/v2/notifications/sms", 16, seconds, script)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    environment = bench_environment(DATABASE, REDIS_DB)
    settings = fresh_database(DATABASE, environment)
    service_id, secret, template_id = asyncio.run(seed(settings.secret_key, DATABASE))
    print(f"seeding {args.rows:,} notifications 30 days old across {args.services} services", flush=True)
    asyncio.run(seed_old_notifications(args.services, args.rows, template_id))
    old_before, _, _ = asyncio.run(counts())

    with served_api(environment) as base_url, tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        load_window(base_url, scratch, service_id, secret, template_id, 3)  # warm up every API process
        baseline = load_window(base_url, scratch, service_id, secret, template_id, args.seconds)
        print(baseline.line("without the move: POST /v2/notifications/sms c=16"), flush=True)

        finished: list[float] = []
        started = time.perf_counter()
        mover = subprocess.Popen(
            [sys.executable, "cli.py", "run-task", "delete-notifications-older-than-retention"],
            cwd=ROOT,
            env=environment,
        )

        # the move's own time, not rounded up to the end of a load window
        def wait_for_the_move() -> None:
            mover.wait()
            finished.append(time.perf_counter())

        watcher = threading.Thread(target=wait_for_the_move)
        watcher.start()
        windows: list[WrkResult] = []
        while mover.poll() is None:
            windows.append(load_window(base_url, scratch, service_id, secret, template_id, args.seconds))
            print(windows[-1].line(f"  during the move, window {len(windows)}"), flush=True)
        watcher.join()
        elapsed = finished[0] - started if mover.returncode == 0 else float("nan")

    old_after, history, both = asyncio.run(counts())
    worst = max(windows, key=lambda window: window.p99_ms)
    errors = sum(window.non_2xx + window.socket_errors for window in windows)
    print(f"moved {history:,} of {old_before:,} rows in {elapsed:.1f} s ({history / elapsed:,.0f} rows/s)")
    print(
        f"p99 without the move {baseline.p99_ms:.1f} ms; during the move, worst window {worst.p99_ms:.1f} ms"
    )
    print(f"errors during the move: {errors}; old rows left {old_after:,}; rows in both tables {both}")
    ok = mover.returncode == 0 and history == old_before and old_after == 0 and both == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
