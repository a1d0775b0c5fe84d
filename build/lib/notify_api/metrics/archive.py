"""Keeps a prometheus-client multiprocess directory bounded.

In multiprocess mode every process writes ``<kind>_<pid>.db`` files (``counter_123.db``,
``histogram_123.db``, ``gauge_livesum_123.db``, ...). prometheus-client never removes the counter and
histogram files of dead processes, so a server whose worker processes recycle fills its disk. Here the files
of dead processes are folded into one archive file per kind (``counter_archive.db``, ...) and deleted:

- counters, histograms, summaries and ``sum`` gauges are added up, so totals never go backwards;
- ``min``/``max`` gauges keep the extreme and ``mostrecent`` gauges the latest value;
- ``live*`` and ``all`` gauges describe a running process and are dropped with it.

Archive files use prometheus-client's own file format and name pattern (the collector reads the part after
the last ``_`` as a pid, here ``archive``), so ``MultiProcessCollector`` reads them like any other file.
Every merge runs under an exclusive ``fcntl`` lock on a file in the directory, and collection for
``/metrics`` takes the same lock, so no reader ever sees a half-finished merge.

One window remains: a merging process killed between replacing an archive and deleting the files it folded
in would count those files twice. Counters then jump up, never down; the launcher wipes the directory at
every start anyway.
"""

from __future__ import annotations

import fcntl
import os
import struct
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from prometheus_client.mmap_dict import MmapedDict

from notify_api.logging import get_logger
from notify_api.metrics.files import LOCK_FILE_NAME, archive_path, scratch_path, value_files

log = get_logger(__name__)

_SUMMED_KINDS: Final = frozenset({"counter", "histogram", "summary", "gauge_sum"})

# key -> (value, timestamp), as stored in the files.
Values = dict[str, tuple[float, float]]


@dataclass
class MergeReport:
    retired_pids: set[int] = field(default_factory=set)
    removed_files: int = 0
    archives_written: int = 0


def is_running(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no procfs (or it just exited): trust the signal check
        return True
    state = stat.rpartition(")")[2].split()[:1]
    return state != ["Z"]


@contextmanager
def exclusive_lock(directory: Path) -> Iterator[None]:
    """Only one process merges (or collects) at a time."""
    descriptor = os.open(directory / LOCK_FILE_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def merge_dead_processes(directory: Path, *, also_retire: int | None = None) -> MergeReport:
    """Fold the files of processes that are no longer running (plus ``also_retire``, a process shutting
    down cleanly) into the archives, under the lock."""
    with exclusive_lock(directory):
        return merge_dead_processes_locked(directory, also_retire=also_retire)


def merge_dead_processes_locked(directory: Path, *, also_retire: int | None = None) -> MergeReport:
    """As :func:`merge_dead_processes`, for a caller already holding :func:`exclusive_lock`."""
    liveness: dict[int, bool] = {}

    def retired(pid: int) -> bool:
        if pid == also_retire:
            return True
        if pid not in liveness:
            liveness[pid] = is_running(pid)
        return not liveness[pid]

    retiring = [found for found in value_files(directory) if found.pid is not None and retired(found.pid)]
    report = MergeReport()
    if not retiring:
        return report
    by_kind: dict[str, list[Path]] = {}
    for value_file in retiring:
        by_kind.setdefault(value_file.kind, []).append(value_file.path)
    for kind, paths in sorted(by_kind.items()):
        combine = _combiner(kind)
        if combine is None:
            continue
        archive = archive_path(directory, kind)
        sources = [archive, *paths] if archive.exists() else paths
        _write_archive(archive, combine(_read_values(path) for path in sources))
        report.archives_written += 1
    for value_file in retiring:
        value_file.path.unlink(missing_ok=True)
        report.removed_files += 1
        if value_file.pid is not None:
            report.retired_pids.add(value_file.pid)
    log.debug(
        "metrics.merged",
        processes=len(report.retired_pids),
        files=report.removed_files,
        archives=report.archives_written,
    )
    return report


def _combiner(kind: str) -> Callable[[Iterable[Values]], Values] | None:
    if kind in _SUMMED_KINDS:
        return _summed
    if kind == "gauge_min":
        return lambda sources: _picked(sources, lambda new, old: new[0] < old[0])
    if kind == "gauge_max":
        return lambda sources: _picked(sources, lambda new, old: new[0] > old[0])
    if kind == "gauge_mostrecent":
        return lambda sources: _picked(sources, lambda new, old: new[1] > old[1])
    return None  # live and per-process gauges go with their process


def _summed(sources: Iterable[Values]) -> Values:
    total: Values = {}
    for values in sources:
        for key, (value, _timestamp) in values.items():
            total[key] = (total.get(key, (0.0, 0.0))[0] + value, 0.0)
    return total


Entry = tuple[float, float]


def _picked(sources: Iterable[Values], better: Callable[[Entry, Entry], bool]) -> Values:
    chosen: Values = {}
    for values in sources:
        for key, entry in values.items():
            if key not in chosen or better(entry, chosen[key]):
                chosen[key] = entry
    return chosen


def _read_values(path: Path) -> Values:
    try:
        entries = list(MmapedDict.read_all_values_from_file(str(path)))  # type: ignore[no-untyped-call]
    except FileNotFoundError:
        return {}
    except (RuntimeError, ValueError, struct.error):  # cut short: drop it rather than fail every later merge
        log.warning("metrics.corrupt_file_skipped", file=path.name)
        return {}
    return {key: (value, timestamp) for key, value, timestamp, _position in entries}


def _write_archive(archive: Path, values: Values) -> None:
    # Written beside the archive under a name the collector ignores, then swapped in atomically.
    scratch = scratch_path(archive)
    scratch.unlink(missing_ok=True)
    store = MmapedDict(str(scratch))  # type: ignore[no-untyped-call]
    try:
        for key, (value, timestamp) in values.items():
            store.write_value(key, value, timestamp)  # type: ignore[no-untyped-call]
    finally:
        store.close()  # type: ignore[no-untyped-call]
    os.replace(scratch, archive)
