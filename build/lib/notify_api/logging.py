"""structlog set-up: JSON lines in production, readable console output in development.

Context (request id, service id, notification id, actor) is bound through contextvars so that every event
logged while handling one request or message carries it. Never log recipients, personalisation or secrets.
"""

from __future__ import annotations

import logging
import sys
from typing import Final

import structlog

from notify_api.settings import Settings

# Paths whose query string is a secret: a file's download key. Access logs show the path without it.
SECRET_QUERY_PATH_PREFIXES: Final = ("/d/",)


class HideSecretQueryStrings(logging.Filter):
    """Drops the query string from logged request paths that carry a secret in it.

    uvicorn's access logger (which gunicorn's uvicorn workers route to gunicorn's access log) passes the path
    with its query string as one of the record's arguments; the filter rewrites that argument.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_without_secret_query(argument) for argument in record.args)
        return True


def _without_secret_query(argument: object) -> object:
    if isinstance(argument, str) and argument.startswith(SECRET_QUERY_PATH_PREFIXES):
        return argument.split("?", 1)[0]
    return argument


def hide_secret_query_strings_in_access_logs() -> None:
    access_log = logging.getLogger("uvicorn.access")
    if not any(isinstance(existing, HideSecretQueryStrings) for existing in access_log.filters):
        access_log.addFilter(HideSecretQueryStrings())


def configure_logging(settings: Settings) -> None:
    level = logging.getLevelNamesMapping().get(settings.log_level.upper(), logging.INFO)
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if settings.log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    # httpx logs every request at INFO; provider and callback calls are logged as our own events instead.
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    hide_secret_query_strings_in_access_logs()


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(name)
    return logger


bind_context = structlog.contextvars.bind_contextvars
clear_context = structlog.contextvars.clear_contextvars
