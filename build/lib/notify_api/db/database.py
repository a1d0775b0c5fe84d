"""The unit of work seam.

The app asks a :class:`Database` for a transaction; it never commits anywhere else. Tests hand the app a
:class:`BoundDatabase` whose transactions are SAVEPOINTs on one connection that the test rolls back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from notify_api.settings import Settings


class UnitOfWork:
    """A transaction plus work to do only once it has committed (enqueueing, cache invalidation)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self._after_commit: list[Callable[[], Awaitable[None]]] = []

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        self._after_commit.append(action)

    async def _run_after_commit(self) -> None:
        for action in self._after_commit:
            await action()


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """One transaction; the after-commit actions run only if it committed.

        Messages are enqueued after commit so a worker never looks for a row that is not there yet; a crash
        between commit and enqueue leaves the row ``created`` for the sweeper to replay.
        """
        async with self.transaction() as connection:
            work = UnitOfWork(connection)
            yield work
        await work._run_after_commit()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One transaction: committed when the block ends normally, rolled back on any exception."""
        async with self.engine.begin() as connection:
            yield connection

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """Every statement is its own transaction: one round trip each, no BEGIN or COMMIT.

        For reads, and for a unit of work that is a single statement (persisting a new notification).
        """
        async with self.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            yield connection

    def read(self) -> AbstractAsyncContextManager[AsyncConnection]:
        """A connection for reads."""
        return self.autocommit()

    async def dispose(self) -> None:
        await self.engine.dispose()


class BoundDatabase(Database):
    """All work happens on one connection inside an outer transaction owned by the caller (tests)."""

    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__(connection.engine)
        self.connection = connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        async with self.connection.begin_nested():
            yield self.connection

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        async with self.connection.begin_nested():
            yield self.connection

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        yield self.connection

    def read(self) -> AbstractAsyncContextManager[AsyncConnection]:
        return self._read()

    async def dispose(self) -> None:
        """The owner of the connection disposes of it."""


def create_engine(settings: Settings, *, pool_size: int | None = None) -> AsyncEngine:
    return create_async_engine(
        settings.database_url,
        pool_size=pool_size or settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_pre_ping=False,
        connect_args={
            "server_settings": {
                "statement_timeout": str(settings.db_statement_timeout_seconds * 1000),
                "timezone": "UTC",
                "application_name": "notify-api",
            }
        },
    )


def create_database(settings: Settings, *, pool_size: int | None = None) -> Database:
    return Database(create_engine(settings, pool_size=pool_size))
