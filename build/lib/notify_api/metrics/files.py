"""Names of the files in a prometheus-client multiprocess directory.

No prometheus-client import here: the launcher uses this module before the library may be imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ARCHIVE_OWNER: Final = "archive"
LOCK_FILE_NAME: Final = ".merge.lock"
# The names prometheus-client writes, plus our archives; nothing else in the directory is ever touched.
_VALUE_FILE: Final = re.compile(r"^(counter|histogram|summary|gauge_[a-z]+)_(\d+|archive)\.db$")


@dataclass(frozen=True)
class ValueFile:
    path: Path
    kind: str  # "counter", "histogram", "gauge_livesum", ...
    pid: int | None  # None for an archive


def parse_value_file(path: Path) -> ValueFile | None:
    match = _VALUE_FILE.match(path.name)
    if match is None:
        return None
    kind, owner = match.groups()
    return ValueFile(path, kind, None if owner == ARCHIVE_OWNER else int(owner))


def value_files(directory: Path) -> list[ValueFile]:
    found = (parse_value_file(path) for path in directory.glob("*.db"))
    return [value_file for value_file in found if value_file is not None]


def archive_path(directory: Path, kind: str) -> Path:
    return directory / f"{kind}_{ARCHIVE_OWNER}.db"


def scratch_path(archive: Path) -> Path:
    """Where an archive is written before being swapped in: a name the collector's ``*.db`` glob skips."""
    return archive.with_name(f".{archive.name}.tmp")


def wipe(directory: Path) -> int:
    """Remove every metrics file, our lock and scratch files; leave anything else alone."""
    removed = 0
    for path in directory.iterdir():
        ours = path.name == LOCK_FILE_NAME or (path.name.startswith(".") and path.name.endswith(".db.tmp"))
        if path.is_file() and (ours or parse_value_file(path) is not None):
            path.unlink(missing_ok=True)
            removed += 1
    return removed
