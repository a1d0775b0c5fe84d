"""All table definitions. Importing this package registers every table on ``metadata``."""

from notify_api.db.metadata import metadata

__all__ = ["metadata"]
