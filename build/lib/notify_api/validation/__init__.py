"""Request validation for the public v2 API: JSON schemas whose errors read exactly like Notify's.

Call :func:`validate` with one of the schemas in :mod:`notify_api.validation.schemas`; it raises
``notify_api.errors.ValidationError`` carrying every message. Parse POST bodies with :func:`parse_json_body`.
"""

from __future__ import annotations

from notify_api.validation.core import validate
from notify_api.validation.json_body import parse_json_body
from notify_api.validation.query_args import first_values, notifications_list_args

__all__ = ["first_values", "notifications_list_args", "parse_json_body", "validate"]
