"""``rotate-encryption-key`` moves every stored encrypted value onto the newest SECRET_KEY, resumably."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from cli import cli
from notify_api.commands.queries import ENCRYPTED_COLUMNS
from notify_api.commands.rotate_keys import Bar, rotate_with
from notify_api.crypto import Encryption
from notify_api.db.database import BoundDatabase
from notify_api.db.tables.inbound import inbound_sms
from notify_api.db.tables.notifications import notifications
from notify_api.settings import Settings
from tests.conftest import test_environment as environment_for_tests
from tests.factories import (
    create_api_key,
    create_callback_api,
    create_inbound_api,
    create_inbound_sms,
    create_notification,
    create_service,
    create_template,
    create_user,
)
from tests.security.test_encryption_keys import legacy_token

OLD = Encryption("old-key")
NEW_ONLY = Encryption("new-key")
# The development key too: rows other fixtures seed with it must be readable by the rotation.
ROTATING = Encryption(["new-key", "old-key", Settings().secret_key])


async def seed_old_values(connection: AsyncConnection) -> None:
    user = await create_user(connection)
    service = await create_service(connection, user_id=user.id)
    template = await create_template(connection, service.id)
    for _ in range(3):
        await create_api_key(connection, service.id, encryption=OLD)
    await create_notification(connection, template, personalisation={"name": "Jo"}, encryption=OLD)
    await create_notification(connection, template, personalisation={"name": "Al"}, encryption=OLD)
    await create_callback_api(connection, service.id, encryption=OLD)
    await create_inbound_api(connection, service.id, encryption=OLD)
    await create_inbound_sms(connection, service.id, content="sealed text", encryption=OLD)
    # one value from before key ids
    legacy_id = await create_inbound_sms(connection, service.id, content="legacy text")
    await connection.execute(
        inbound_sms.update()
        .where(inbound_sms.c.id == legacy_id)
        .values(content=legacy_token("old-key", b"legacy text"))
    )


async def stored_values(connection: AsyncConnection) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for encrypted in ENCRYPTED_COLUMNS:
        rows = await connection.execute(select(encrypted.column).where(encrypted.column.is_not(None)))
        values[encrypted.name] = [row[0] for row in rows]
    return values


async def test_rotation_reseals_every_value_with_the_newest_key(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    await seed_old_values(connection)
    before = await stored_values(connection)
    assert all(before[encrypted.name] for encrypted in ENCRYPTED_COLUMNS)

    reports = await rotate_with(db, ROTATING, batch_size=2, echo=lambda line: None)

    after = await stored_values(connection)
    for name, tokens in after.items():
        assert all(NEW_ONLY.is_current(token) for token in tokens), name
        # every value opens with the new key alone, and says what it said before
        assert sorted(NEW_ONLY.decrypt(token) for token in tokens) == sorted(
            ROTATING.decrypt(token) for token in before[name]
        )
    assert sum(report.resealed for report in reports) == sum(len(tokens) for tokens in before.values())
    assert all(report.unreadable == 0 for report in reports)

    again = await rotate_with(db, ROTATING, batch_size=2, echo=lambda line: None)
    assert [(report.found, report.resealed) for report in again] == [(0, 0)] * len(ENCRYPTED_COLUMNS)
    assert await stored_values(connection) == after


async def test_rotation_keeps_updated_at(connection: AsyncConnection, db: BoundDatabase) -> None:
    await seed_old_values(connection)
    query = select(notifications.c.id, notifications.c.updated_at).order_by(notifications.c.id)
    before = (await connection.execute(query)).all()
    await rotate_with(db, ROTATING, echo=lambda line: None)
    assert (await connection.execute(query)).all() == before


async def test_a_dry_run_counts_and_writes_nothing(connection: AsyncConnection, db: BoundDatabase) -> None:
    await seed_old_values(connection)
    before = await stored_values(connection)
    lines: list[str] = []
    reports = await rotate_with(db, ROTATING, batch_size=1, dry_run=True, echo=lines.append)
    assert await stored_values(connection) == before
    by_name = {report.name: report for report in reports}
    assert by_name["api_keys.secret"].resealed >= 3
    assert by_name["inbound_sms.content"].resealed >= 1
    assert len(lines) == len(ENCRYPTED_COLUMNS)
    assert any(line.startswith("api_keys.secret: would re-encrypt") for line in lines)


async def test_a_stopped_run_resumes_where_it_left_off(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    await seed_old_values(connection)
    steps: list[tuple[str, int]] = []

    class StopAfterFirstBatch(Exception):
        pass

    @contextmanager
    def stopping_bar(total: int, label: str) -> Iterator[Bar]:
        class Once:
            def update(self, n_steps: int, /) -> None:
                steps.append((label, n_steps))
                raise StopAfterFirstBatch

        yield Once()

    with suppress(StopAfterFirstBatch):
        await rotate_with(db, ROTATING, batch_size=2, echo=lambda line: None, progress=stopping_bar)
    assert steps == [("api_keys.secret", 2)]
    reports = await rotate_with(db, ROTATING, batch_size=2, echo=lambda line: None)
    first = reports[0]
    assert first.name == "api_keys.secret" and first.resealed == first.found
    assert all(NEW_ONLY.is_current(token) for token in (await stored_values(connection))["api_keys.secret"])


async def test_a_value_no_key_opens_is_counted_and_left(
    connection: AsyncConnection, db: BoundDatabase
) -> None:
    user = await create_user(connection)
    service = await create_service(connection, user_id=user.id)
    await create_inbound_sms(connection, service.id, encryption=Encryption("lost-key"))
    reports = await rotate_with(db, ROTATING, echo=lambda line: None)
    by_name = {report.name: report for report in reports}
    assert by_name["inbound_sms.content"].unreadable == 1


def test_the_command_reports_each_table_and_writes_nothing_in_a_dry_run() -> None:
    # The development key too: tests that run a live server commit rows encrypted with it.
    keys = json.dumps(["new-key", "old-key", Settings().secret_key])
    environment = {**environment_for_tests(), "SECRET_KEY": keys}
    result = CliRunner().invoke(
        cli, ["rotate-encryption-key", "--dry-run", "--batch-size", "5"], env=environment
    )
    assert result.exit_code == 0, result.output
    for encrypted in ENCRYPTED_COLUMNS:
        assert f"{encrypted.name}: would re-encrypt" in result.output
