"""The migrations' frozen copies of the value sets equal the one definition in ``notify_api.enums``.

The initial migration keeps its own literal values (a migration must not change when the code does), so a
value added to ``notify_api/enums.py`` without a migration makes these tests fail.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from notify_api import enums
from notify_api.db.tables.enums import PG_ENUMS

INITIAL_MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "0001_initial.py"

# PG enum type -> its one definition, in order (a PG enum's order is its sort order).
PG_ENUM_VALUES = {
    "template_type": enums.TEMPLATE_TYPES,
    "notification_type": enums.NOTIFICATION_TYPES,
    "permission_types": enums.PERMISSION_TYPES,
    "verify_code_types": enums.VERIFY_CODE_TYPES,
    "recipient_type": enums.RECIPIENT_TYPES,
    "invited_users_status_types": enums.INVITE_STATUSES,
}
# Lookup table -> its one definition.
LOOKUP_VALUES = {
    "notification_status_types": enums.NOTIFICATION_STATUSES,
    "key_types": enums.KEY_TYPES,
    "job_status": enums.JOB_STATUSES,
    "auth_type": enums.AUTH_TYPES,
    "service_permission_types": enums.SERVICE_PERMISSION_TYPES,
    "branding_type": enums.BRANDING_TYPES,
    "invite_status_type": enums.INVITE_STATUSES,
    "template_process_type": enums.TEMPLATE_PROCESS_TYPES,
    "service_callback_type": enums.CALLBACK_TYPES,
}


@pytest.fixture(scope="module")
def migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("frozen_initial_migration", INITIAL_MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pg_enum_types_match(migration: ModuleType) -> None:
    frozen = {enum_type.name: tuple(enum_type.enums) for enum_type in migration.ENUM_TYPES}
    assert frozen == {name: tuple(values) for name, values in PG_ENUM_VALUES.items()}


def test_table_enum_types_are_built_from_the_one_definition() -> None:
    assert {enum_type.name: tuple(enum_type.enums) for enum_type in PG_ENUMS} == PG_ENUM_VALUES


def test_lookup_table_rows_match(migration: ModuleType) -> None:
    assert migration.LOOKUP_ROWS == LOOKUP_VALUES
    assert migration.ORGANISATION_TYPES == enums.ORGANISATION_TYPES


def test_postage_checks_list_the_postage_classes(migration: ModuleType) -> None:
    def sql_list(values: tuple[str, ...]) -> str:
        return "IN (" + ", ".join(f"'{value}'" for value in values) + ")"

    assert sql_list(enums.TEMPLATE_POSTAGE) in migration.TEMPLATE_POSTAGE_CHECK
    assert sql_list(enums.POSTAGE_TYPES) in migration.NOTIFICATION_POSTAGE_CHECK


@pytest.mark.parametrize(
    "group",
    [
        enums.COMPLETED_STATUSES,
        enums.FAILED_STATUSES,
        enums.DASHBOARD_DELIVERED_STATUSES,
        enums.DASHBOARD_FAILED_STATUSES,
        enums.BILLABLE_SMS_STATUSES,
        enums.SENT_EMAIL_STATUSES,
        enums.BILLABLE_LETTER_STATUSES,
    ],
)
def test_status_groups_hold_only_known_statuses(group: frozenset[str] | tuple[str, ...]) -> None:
    assert set(group) <= set(enums.NOTIFICATION_STATUSES)
