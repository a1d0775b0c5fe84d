"""``rotate-encryption-key``: re-seal every stored encrypted value with the newest SECRET_KEY.

Table by table, in batches: each batch is its own transaction, and paging is by primary key over the rows not
yet on the newest key, so the command can be stopped and run again (a re-run only sees what is left). A value
no configured key opens is counted and left as it is. With ``dry_run`` it reads and counts, writing nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol

from notify_api.commands.queries import (
    ENCRYPTED_COLUMNS,
    EncryptedColumn,
    Replacement,
    RowKey,
    count_not_current,
    not_current_batch,
    replace_values,
)
from notify_api.crypto import DecryptionError, Encryption
from notify_api.db.database import Database, create_database
from notify_api.settings import Settings

Echo = Callable[[str], None]


class Bar(Protocol):
    def update(self, n_steps: int, /) -> None: ...


# (total, label) -> a progress bar; click.progressbar fits.
BarFactory = Callable[[int, str], AbstractContextManager[Bar]]


class _NoBar:
    def update(self, n_steps: int, /) -> None:
        pass


@contextmanager
def no_progress(total: int, label: str) -> Iterator[Bar]:
    yield _NoBar()


@dataclass
class ColumnReport:
    name: str
    found: int = 0  # values not on the newest key when the run started
    resealed: int = 0  # re-encrypted (or, in a dry run, that would be)
    unreadable: int = 0  # no configured key opens them

    def summary(self, *, dry_run: bool) -> str:
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        return f"{self.name}: {verb} {self.resealed} of {self.found}, unreadable {self.unreadable}"


async def _rotate_column(
    database: Database,
    encryption: Encryption,
    encrypted: EncryptedColumn,
    bar: Bar,
    report: ColumnReport,
    *,
    batch_size: int,
    dry_run: bool,
) -> None:
    after: RowKey | None = None
    while True:
        async with database.transaction() as connection:
            batch = await not_current_batch(
                connection, encrypted, encryption.current_prefix, after=after, limit=batch_size
            )
            if not batch:
                return
            replacements = []
            for stored in batch:
                try:
                    replacements.append(
                        Replacement(stored.key, stored.value, encryption.reseal(stored.value))
                    )
                except DecryptionError:
                    report.unreadable += 1
            if dry_run:
                report.resealed += len(replacements)
            else:
                report.resealed += await replace_values(connection, encrypted, replacements)
        after = batch[-1].key
        bar.update(len(batch))


async def rotate_with(
    database: Database,
    encryption: Encryption,
    *,
    batch_size: int = 1000,
    dry_run: bool = False,
    echo: Echo = print,
    progress: BarFactory = no_progress,
) -> list[ColumnReport]:
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    reports = []
    for encrypted in ENCRYPTED_COLUMNS:
        report = ColumnReport(encrypted.name)
        async with database.read() as connection:
            report.found = await count_not_current(connection, encrypted, encryption.current_prefix)
        if report.found:
            with progress(report.found, encrypted.name) as bar:
                await _rotate_column(
                    database, encryption, encrypted, bar, report, batch_size=batch_size, dry_run=dry_run
                )
        echo(report.summary(dry_run=dry_run))
        reports.append(report)
    return reports


async def rotate_encryption_key(
    settings: Settings, *, batch_size: int, dry_run: bool, echo: Echo, progress: BarFactory
) -> list[ColumnReport]:
    database = create_database(settings, pool_size=2)
    try:
        return await rotate_with(
            database,
            Encryption(settings.secret_keys),
            batch_size=batch_size,
            dry_run=dry_run,
            echo=echo,
            progress=progress,
        )
    finally:
        await database.dispose()
