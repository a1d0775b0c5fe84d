"""Domain errors. Each carries its HTTP status and the name Notify shows as ``error``.

One handler per API surface renders them in that surface's envelope; code below the web layer only raises.
"""

from __future__ import annotations

from typing import Any


class NotifyError(Exception):
    status_code = 400
    error_name = "BadRequestError"

    def __init__(self, message: str | dict[str, Any], status_code: int | None = None) -> None:
        super().__init__(message if isinstance(message, str) else repr(message))
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class BadRequestError(NotifyError):
    pass


class ValidationError(NotifyError):
    """Several schema messages at once, or one address validation message."""

    error_name = "ValidationError"

    def __init__(self, messages: list[str] | str, status_code: int = 400) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(self.messages[0] if self.messages else "", status_code)


class AuthError(NotifyError):
    error_name = "AuthError"

    def __init__(self, message: str, status_code: int = 403) -> None:
        super().__init__(message, status_code)


class NotFoundError(NotifyError):
    status_code = 404
    error_name = "NoResultFound"

    def __init__(self, message: str = "No result found") -> None:
        super().__init__(message, 404)


class RateLimitError(NotifyError):
    status_code = 429
    error_name = "RateLimitError"


class TooManyRequestsError(NotifyError):
    status_code = 429
    error_name = "TooManyRequestsError"


class PDFNotReadyError(NotifyError):
    error_name = "PDFNotReadyError"


class InvalidRequest(NotifyError):
    """Admin API error: rendered as ``{"result": "error", "message": ...}``."""

    error_name = "InvalidRequest"
