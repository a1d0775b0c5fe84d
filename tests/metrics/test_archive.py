"""Merging dead processes' multiprocess files into archives: what ``/metrics`` shows must not change (apart
from live gauges of processes that are gone), and the directory must shrink to a fixed set of files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.multiprocess import MultiProcessCollector

from notify_api.metrics.archive import merge_dead_processes
from notify_api.metrics.exposition import render_metrics
from notify_api.metrics.files import LOCK_FILE_NAME, wipe
from notify_api.tasks.depth import QueueStats

HELP = "help text"


def dead_pid() -> int:
    """A pid that belonged to a process that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write(
    directory: Path, kind: str, owner: int | str, series: dict[tuple[str, str], float], stamp: float = 0.0
) -> None:
    """Write ``{(sample name, label value): value}`` for metric ``m`` (one label ``l``) as a process would."""
    store = MmapedDict(str(directory / f"{kind}_{owner}.db"))  # type: ignore[no-untyped-call]
    for (sample, label), value in series.items():
        labelnames = ["l", "le"] if sample.endswith("_bucket") else ["l"]
        labelvalues = [label, *(["+Inf"] if sample.endswith("_bucket") else [])]
        key = mmap_key("m", sample, labelnames, labelvalues, HELP)
        store.write_value(key, value, stamp)  # type: ignore[no-untyped-call]
    store.close()  # type: ignore[no-untyped-call]


def exposed(directory: Path) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    collector = MultiProcessCollector(None, path=str(directory))  # type: ignore[no-untyped-call]
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in collector.collect()  # type: ignore[no-untyped-call]
        for sample in family.samples
    }


def names(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.glob("*.db"))


def test_counters_of_dead_processes_are_summed_into_one_archive_and_the_totals_do_not_change(
    tmp_path: Path,
) -> None:
    first, second, alive = dead_pid(), dead_pid(), os.getpid()
    write(tmp_path, "counter", first, {("m_total", "a"): 3, ("m_total", "b"): 1})
    write(tmp_path, "counter", second, {("m_total", "a"): 4})
    write(tmp_path, "counter", alive, {("m_total", "a"): 10})
    before = exposed(tmp_path)

    report = merge_dead_processes(tmp_path)

    assert report.retired_pids == {first, second}
    assert names(tmp_path) == sorted(["counter_archive.db", f"counter_{alive}.db"])
    assert exposed(tmp_path) == before
    assert before[("m_total", (("l", "a"),))] == 17


def test_later_merges_add_to_the_archive_so_counters_never_go_backwards(tmp_path: Path) -> None:
    for value in (5, 7, 11):
        write(tmp_path, "counter", dead_pid(), {("m_total", "a"): value})
        merge_dead_processes(tmp_path)
        assert names(tmp_path) == ["counter_archive.db"]
    assert exposed(tmp_path)[("m_total", (("l", "a"),))] == 23


def test_histograms_keep_their_buckets_sum_and_count(tmp_path: Path) -> None:
    write(tmp_path, "histogram", dead_pid(), {("m_bucket", "a"): 2, ("m_sum", "a"): 0.5})
    write(tmp_path, "histogram", dead_pid(), {("m_bucket", "a"): 3, ("m_sum", "a"): 1.5})
    before = exposed(tmp_path)

    merge_dead_processes(tmp_path)

    assert names(tmp_path) == ["histogram_archive.db"]
    assert exposed(tmp_path) == before
    assert before[("m_count", (("l", "a"),))] == 5
    assert before[("m_sum", (("l", "a"),))] == 2.0


def test_gauges_follow_their_mode(tmp_path: Path) -> None:
    gone, alive = dead_pid(), os.getpid()
    write(tmp_path, "gauge_livesum", gone, {("m", "a"): 9})
    write(tmp_path, "gauge_livesum", alive, {("m", "a"): 2})
    write(tmp_path, "gauge_all", gone, {("m", "b"): 4})
    write(tmp_path, "gauge_sum", gone, {("m", "c"): 6})
    write(tmp_path, "gauge_sum", dead_pid(), {("m", "c"): 1})
    write(tmp_path, "gauge_max", gone, {("m", "d"): 8})
    write(tmp_path, "gauge_max", dead_pid(), {("m", "d"): 3})
    write(tmp_path, "gauge_mostrecent", gone, {("m", "e"): 1}, stamp=200.0)
    write(tmp_path, "gauge_mostrecent", dead_pid(), {("m", "e"): 2}, stamp=100.0)

    merge_dead_processes(tmp_path)

    archives = ["gauge_sum_archive.db", "gauge_max_archive.db", "gauge_mostrecent_archive.db"]
    assert names(tmp_path) == sorted([f"gauge_livesum_{alive}.db", *archives])
    values = {labels: value for (_name, labels), value in exposed(tmp_path).items()}
    assert values[(("l", "a"),)] == 2  # only the running process's in-flight count
    assert (("l", "b"), ("pid", str(gone))) not in values  # a dead process's own gauge goes with it
    assert values[(("l", "c"),)] == 7
    assert values[(("l", "d"),)] == 8
    assert values[(("l", "e"),)] == 1  # the latest write wins


def test_a_process_shutting_down_can_retire_its_own_files(tmp_path: Path) -> None:
    write(tmp_path, "counter", os.getpid(), {("m_total", "a"): 2})
    write(tmp_path, "gauge_livesum", os.getpid(), {("m", "a"): 0})

    merge_dead_processes(tmp_path, also_retire=os.getpid())

    assert names(tmp_path) == ["counter_archive.db"]
    assert exposed(tmp_path)[("m_total", (("l", "a"),))] == 2


def test_a_truncated_file_is_dropped_without_stopping_the_merge(tmp_path: Path) -> None:
    broken = dead_pid()
    (tmp_path / f"counter_{broken}.db").write_bytes((200).to_bytes(4, "little") + b"\0" * 60)
    write(tmp_path, "counter", dead_pid(), {("m_total", "a"): 1})

    merge_dead_processes(tmp_path)

    assert names(tmp_path) == ["counter_archive.db"]
    assert exposed(tmp_path)[("m_total", (("l", "a"),))] == 1


def test_rendering_in_multiprocess_mode_merges_first_and_shows_everything(tmp_path: Path) -> None:
    write(tmp_path, "counter", dead_pid(), {("m_total", "a"): 3})
    write(tmp_path, "counter", os.getpid(), {("m_total", "a"): 4})

    text = render_metrics(tmp_path, {"send-sms-tasks": QueueStats(2, 0.0)}).decode()

    assert 'm_total{l="a"} 7.0' in text
    assert 'queue_depth{queue="send-sms-tasks"} 2.0' in text
    assert names(tmp_path) == sorted(["counter_archive.db", f"counter_{os.getpid()}.db"])


def test_wipe_removes_metrics_files_and_nothing_else(tmp_path: Path) -> None:
    write(tmp_path, "counter", 123, {("m_total", "a"): 1})
    write(tmp_path, "histogram", "archive", {("m_sum", "a"): 1})
    (tmp_path / LOCK_FILE_NAME).touch()
    (tmp_path / ".counter_archive.db.tmp").touch()
    (tmp_path / "notes.db").touch()
    (tmp_path / "readme.txt").touch()

    assert wipe(tmp_path) == 4
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.db", "readme.txt"]


@pytest.mark.parametrize("owner", ["12x", "archive2"])
def test_files_that_are_not_ours_are_never_touched(tmp_path: Path, owner: str) -> None:
    (tmp_path / f"counter_{owner}.db").write_bytes(b"\0" * 16)
    merge_dead_processes(tmp_path)
    assert names(tmp_path) == [f"counter_{owner}.db"]
