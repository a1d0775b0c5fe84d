"""Database access: one engine per process, transactions opened at the boundary (request or actor)."""

from notify_api.db.database import Database, create_database

__all__ = ["Database", "create_database"]
