"""JSON schemas for the admin template requests."""

from __future__ import annotations

from typing import Any, Final

from notify_api.validation.schemas import TEMPLATE_TYPE_VALUES, UUID

Schema = dict[str, Any]

CREATE_TEMPLATE: Final[Schema] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "template_type": {"enum": TEMPLATE_TYPE_VALUES},
        "service": UUID,
        "process_type": {"enum": ["normal", "priority"]},
        "content": {"type": "string"},
        "subject": {"type": "string"},
        "created_by": UUID,
        "parent_folder_id": UUID,
        "postage": {"type": "string"},
        "reply_to": {"type": ["string", "null"]},
    },
    "if": {"properties": {"template_type": {"enum": ["email", "letter"]}}},
    "then": {"required": ["subject"]},
    "required": ["name", "template_type", "content", "service", "created_by"],
}

UPDATE_TEMPLATE: Final[Schema] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "content": {"type": "string"},
        "subject": {"type": ["string", "null"]},
        "archived": {"type": "boolean"},
        "process_type": {"enum": ["normal", "priority"]},
        "postage": {"type": ["string", "null"]},
        "created_by": UUID,
        "redact_personalisation": {"type": "boolean"},
        "reply_to": {"type": ["string", "null"]},
    },
}
