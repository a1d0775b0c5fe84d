"""``run-task`` runs a scheduled task in-process; it refuses a name the schedule does not have."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from notify_workers.schedule import ACTIVE_TASK_NAMES


def test_an_unknown_task_is_refused_with_the_names_that_can_run() -> None:
    result = CliRunner().invoke(cli, ["run-task", "delete-everything"])

    assert result.exit_code == 1
    assert "no scheduled task named 'delete-everything'" in result.output
    assert all(name in result.output for name in ACTIVE_TASK_NAMES)


def test_run_task_is_listed_with_its_help() -> None:
    result = CliRunner().invoke(cli, ["--help"])

    assert result.exit_code == 0
    assert "run-task" in result.output
    assert "Run the scheduled task NAME now" in CliRunner().invoke(cli, ["run-task", "--help"]).output
