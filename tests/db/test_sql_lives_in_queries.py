"""SQL lives in queries modules (design rule 2): no other module calls sqlalchemy's statement builders.

The test reads the source with ``ast``, so it sees every module whether or not a test imports it. A module
counts as a queries module when it is named ``queries.py`` or sits inside a ``queries/`` package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[2]
PACKAGES: Final = ("notify_api", "notify_workers")
BUILDERS: Final = frozenset({"select", "insert", "update", "delete", "text"})
SQL_MODULES: Final = frozenset({"sqlalchemy", "sqlalchemy.dialects.postgresql"})

# Places that may build SQL outside a queries module, each for a reason (a path ending in "/" is a folder).
ALLOWED: Final = (
    "notify_api/db/",  # the database layer itself: engine, unit of work, health check
    "notify_api/notifications/sending/persist.py",  # the fast insert, guarded by its own test
    "notify_api/commands/purge.py",  # operator command whose deletes follow the schema's foreign keys
)


def _is_queries_module(relative: str) -> bool:
    parts = relative.split("/")
    return parts[-1] == "queries.py" or "queries" in parts[:-1]


def _covered(relative: str, entries: tuple[str, ...]) -> bool:
    return any(relative.startswith(entry) if entry.endswith("/") else relative == entry for entry in entries)


def _builder_calls(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, name) of each call to a sqlalchemy statement builder, by its name or via its module."""
    names: dict[str, str] = {}  # local name -> builder, for ``from sqlalchemy import select [as x]``
    modules: set[str] = set()  # local names bound to sqlalchemy or its postgresql dialect
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in SQL_MODULES:
            for alias in node.names:
                if alias.name in BUILDERS:
                    names[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy.dialects":
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == "postgresql")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in SQL_MODULES:
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in names:
            yield node.lineno, names[function.id]
        elif (
            isinstance(function, ast.Attribute)
            and function.attr in BUILDERS
            and ast.unparse(function.value) in modules
        ):
            yield node.lineno, function.attr


def _modules_building_sql() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            calls = list(_builder_calls(ast.parse(path.read_text(encoding="utf-8"), filename=relative)))
            if calls:
                found[relative] = [f"{relative}:{line} {name}()" for line, name in calls]
    return found


def test_sql_is_built_only_in_queries_modules() -> None:
    offenders = [
        call
        for relative, calls in _modules_building_sql().items()
        if not _is_queries_module(relative) and not _covered(relative, ALLOWED)
        for call in calls
    ]
    message = "move these statements into the package's queries module:\n" + "\n".join(offenders)
    assert offenders == [], message


def test_every_exception_is_still_needed() -> None:
    """An exception whose SQL has gone (or was moved) must leave the lists, so they only shrink."""
    outside = [relative for relative in _modules_building_sql() if not _is_queries_module(relative)]
    stale = [entry for entry in ALLOWED if not any(_covered(relative, (entry,)) for relative in outside)]
    assert stale == [], f"nothing outside a queries module builds SQL here any more: {stale}"


def test_the_walk_sees_each_way_of_calling_a_builder() -> None:
    source = (
        "import sqlalchemy as sa\n"
        "from sqlalchemy import select, text as sql_text\n"
        "from sqlalchemy.dialects import postgresql\n"
        "from sqlalchemy.dialects.postgresql import insert\n"
        "select(1); sql_text('x'); sa.update(t); postgresql.insert(t); insert(t)\n"
        "t.delete(); other.select()\n"
    )
    calls = [name for _, name in _builder_calls(ast.parse(source))]
    assert sorted(calls) == ["insert", "insert", "select", "text", "update"]
    assert _is_queries_module("notify_api/services/queries/reads.py")
    assert _is_queries_module("notify_api/jobs/queries.py")
    assert not _is_queries_module("notify_api/jobs/operations.py")
