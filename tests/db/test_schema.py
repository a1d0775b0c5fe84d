"""The migrations build exactly the schema the table definitions describe, undo cleanly, and seed Notify."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api import enums
from notify_api.db import tables as t
from notify_api.db.migrate import current_heads, downgrade, upgrade
from notify_api.db.tables import seed_ids
from notify_api.db.tables.enums import PG_ENUMS
from notify_api.settings import Settings

PG_HOST = os.environ.get("NOTIFY_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("NOTIFY_TEST_PG_PORT", "5432"))
# Derived from the session's database name so parallel runs on other databases do not collide.
MIGRATIONS_DB = os.environ.get("NOTIFY_TEST_DATABASE", "notify_test") + "_migrations"
OUR_ENUM_TYPES = {enum.name for enum in PG_ENUMS}


def _schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, t.metadata))


async def test_migrated_database_matches_the_table_definitions(connection: AsyncConnection) -> None:
    assert await connection.run_sync(_schema_differences) == []


async def _admin(sql: str) -> None:
    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user="postgres", database="postgres")
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            MIGRATIONS_DB,
        )
        await admin.execute(sql)
    finally:
        await admin.close()


@pytest.fixture
async def throwaway_database() -> AsyncIterator[Settings]:
    await _admin(f'DROP DATABASE IF EXISTS "{MIGRATIONS_DB}"')
    await _admin(f'CREATE DATABASE "{MIGRATIONS_DB}"')
    try:
        url = f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{MIGRATIONS_DB}"
        yield Settings.from_env({"SQLALCHEMY_DATABASE_URI": url})
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{MIGRATIONS_DB}"')


async def _our_objects() -> tuple[set[str], set[str]]:
    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user="postgres", database=MIGRATIONS_DB)
    try:
        tables = {
            row["tablename"]
            for row in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
        types = {
            row["typname"] for row in await conn.fetch("SELECT typname FROM pg_type WHERE typtype = 'e'")
        }
        return tables, types
    finally:
        await conn.close()


async def test_downgrade_to_base_removes_everything_and_upgrade_rebuilds_it(
    throwaway_database: Settings,
) -> None:
    await asyncio.to_thread(upgrade, throwaway_database)
    tables, types = await _our_objects()
    assert set(t.metadata.tables) <= tables
    assert types >= OUR_ENUM_TYPES

    await asyncio.to_thread(downgrade, throwaway_database, "base")
    tables, types = await _our_objects()
    assert tables <= {"alembic_version"}
    assert not types & OUR_ENUM_TYPES

    await asyncio.to_thread(upgrade, throwaway_database)
    tables, types = await _our_objects()
    assert set(t.metadata.tables) <= tables
    assert types >= OUR_ENUM_TYPES


async def test_downgrading_the_seed_removes_only_the_seed_rows(throwaway_database: Settings) -> None:
    await asyncio.to_thread(upgrade, throwaway_database)
    await asyncio.to_thread(downgrade, throwaway_database, "0001_initial")
    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user="postgres", database=MIGRATIONS_DB)
    try:
        for table in ("services", "users", "templates", "provider_details", "services_history"):
            assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 0, table
        # lookup rows belong to the schema, not the seed
        assert await conn.fetchval("SELECT count(*) FROM key_types") == 3
    finally:
        await conn.close()


def test_there_is_one_head_the_newest_revision(settings: Settings) -> None:
    assert current_heads(settings) == ("0013_admin_gaps",)


async def test_lookup_tables_hold_their_values(connection: AsyncConnection) -> None:
    statuses = (await connection.execute(select(t.notification_status_types.c.name))).scalars().all()
    assert set(statuses) == set(enums.NOTIFICATION_STATUSES)
    job_statuses = (await connection.execute(select(t.job_status.c.name))).scalars().all()
    assert set(job_statuses) == set(enums.JOB_STATUSES)
    org_types = (await connection.execute(select(t.organisation_types))).all()
    assert {tuple(row) for row in org_types} == set(enums.ORGANISATION_TYPES)


async def test_seed_has_the_three_providers(connection: AsyncConnection) -> None:
    rows = (
        await connection.execute(
            select(
                t.provider_details.c.identifier,
                t.provider_details.c.notification_type,
                t.provider_details.c.priority,
                t.provider_details.c.supports_international,
                t.provider_details.c.active,
            ).order_by(t.provider_details.c.identifier)
        )
    ).all()
    assert [tuple(row) for row in rows] == [
        ("firetext", "sms", 50, False, True),
        ("mmg", "sms", 50, True, True),
        ("ses", "email", 10, False, True),
    ]
    history = await connection.execute(
        select(func.count())
        .select_from(t.provider_details_history)
        .where(t.provider_details_history.c.version == 1)
    )
    assert history.scalar_one() == 3


async def test_seed_has_the_notify_service_with_user_senders_and_permissions(
    connection: AsyncConnection,
) -> None:
    service = (
        await connection.execute(select(t.services).where(t.services.c.id == seed_ids.NOTIFY_SERVICE_ID))
    ).one()
    assert (service.name, service.email_from, service.restricted, service.active) == (
        "GOV.UK Notify",
        "gov.uk.notify",
        False,
        True,
    )
    assert (service.message_limit, service.rate_limit, service.prefix_sms) == (999999, 3000, False)
    assert service.created_by_id == seed_ids.NOTIFY_USER_ID

    user = (await connection.execute(select(t.users).where(t.users.c.id == seed_ids.NOTIFY_USER_ID))).one()
    assert user.email_address == "notify-service-user@digital.cabinet-office.gov.uk"
    assert (user.state, user.auth_type, user.platform_admin) == ("active", "email_auth", False)

    history_versions = await connection.execute(
        select(t.services_history.c.version).where(t.services_history.c.id == seed_ids.NOTIFY_SERVICE_ID)
    )
    assert history_versions.scalars().all() == [1]
    permissions = await connection.execute(
        select(t.service_permissions.c.permission).where(
            t.service_permissions.c.service_id == seed_ids.NOTIFY_SERVICE_ID
        )
    )
    assert set(permissions.scalars()) == {"sms", "email"}
    sender = await connection.execute(
        select(t.service_sms_senders.c.sms_sender).where(
            t.service_sms_senders.c.service_id == seed_ids.NOTIFY_SERVICE_ID,
            t.service_sms_senders.c.is_default,
        )
    )
    assert sender.scalar_one() == "GOVUK"
    reply_to = await connection.execute(
        select(t.service_email_reply_to.c.email_address).where(
            t.service_email_reply_to.c.service_id == seed_ids.NOTIFY_SERVICE_ID,
            t.service_email_reply_to.c.is_default,
        )
    )
    assert reply_to.scalar_one() == "notify@gov.uk"


@pytest.mark.parametrize(
    ("template_id", "template_type", "placeholders"),
    [
        (seed_ids.SMS_CODE_TEMPLATE_ID, "sms", ["((verify_code))"]),
        (seed_ids.EMAIL_2FA_TEMPLATE_ID, "email", ["((url))"]),
        (seed_ids.INVITATION_EMAIL_TEMPLATE_ID, "email", ["((user_name))", "((service_name))", "((url))"]),
        (seed_ids.ORGANISATION_INVITATION_EMAIL_TEMPLATE_ID, "email", ["((organisation_name))", "((url))"]),
        (seed_ids.PASSWORD_RESET_TEMPLATE_ID, "email", ["((user_name))", "((url))"]),
        (seed_ids.NEW_USER_EMAIL_VERIFICATION_TEMPLATE_ID, "email", ["((name))", "((url))"]),
        (
            seed_ids.ALREADY_REGISTERED_EMAIL_TEMPLATE_ID,
            "email",
            ["((signin_url))", "((forgot_password_url))"],
        ),
        (seed_ids.CHANGE_EMAIL_CONFIRMATION_TEMPLATE_ID, "email", ["((url))"]),
        (seed_ids.TEAM_MEMBER_EDIT_EMAIL_TEMPLATE_ID, "email", ["((servicemanagername))"]),
        (seed_ids.TEAM_MEMBER_EDIT_MOBILE_TEMPLATE_ID, "sms", ["((servicemanagername))"]),
        (seed_ids.SERVICE_NOW_LIVE_TEMPLATE_ID, "email", ["((service_name))"]),
        (seed_ids.REPLY_TO_EMAIL_ADDRESS_VERIFICATION_TEMPLATE_ID, "email", []),
    ],
)
async def test_seed_has_the_internal_templates_with_their_first_version(
    connection: AsyncConnection, template_id: Any, template_type: str, placeholders: list[str]
) -> None:
    template = (await connection.execute(select(t.templates).where(t.templates.c.id == template_id))).one()
    assert template.service_id == seed_ids.NOTIFY_SERVICE_ID
    assert template.template_type == template_type
    assert (template.version, template.archived, template.hidden) == (1, False, False)
    for placeholder in placeholders:
        assert placeholder in template.content + (template.subject or "")
    history = (
        await connection.execute(select(t.templates_history).where(t.templates_history.c.id == template_id))
    ).one()
    assert (history.version, history.content) == (1, template.content)


async def test_sms_code_template_wording(connection: AsyncConnection) -> None:
    content = await connection.execute(
        select(t.templates.c.content).where(t.templates.c.id == seed_ids.SMS_CODE_TEMPLATE_ID)
    )
    assert content.scalar_one() == "((verify_code)) is your GOV.UK Notify authentication code"
