"""Reading admin request bodies for users, with the field messages the admin frontend shows.

Field errors are ``{field: [message, ...]}`` in the admin envelope (400); the flat JSON schemas at the end
go through ``notify_api.validation.validate`` and use the schema-error envelope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from notify_api.enums import PERMISSION_TYPES, VERIFY_CODE_TYPES
from notify_api.errors import InvalidRequest
from notify_api.recipients import (
    InvalidEmailError,
    InvalidPhoneError,
    validate_email_address,
    validate_phone_number,
)
from notify_api.users.types import AUTH_TYPES, SMS_AUTH

MISSING: Final = "Missing data for required field."
NOT_A_STRING: Final = "Not a valid string."
UPDATABLE_FIELDS: Final = ("name", "email_address", "mobile_number", "auth_type", "email_access_validated_at")


@dataclass(frozen=True, slots=True)
class NewUser:
    name: str
    email_address: str
    mobile_number: str | None
    password: str
    auth_type: str


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise InvalidRequest(self.by_field, 400)


def _check_field(errors: _Errors, field: str, value: Any) -> Any:
    """The cleaned value of one user field, or the value unchanged after recording its error."""
    if field == "email_access_validated_at":
        return _datetime_value(errors, field, value)
    if field == "mobile_number" and value is None:
        return None
    if not isinstance(value, str):
        errors.add(field, NOT_A_STRING)
        return value
    if field == "name" and not value.strip():
        errors.add(field, "Invalid name")
    elif field == "email_address":
        try:
            return validate_email_address(value)
        except InvalidEmailError as error:
            errors.add(field, str(error))
    elif field == "mobile_number":
        try:
            validate_phone_number(value, international=True)
        except InvalidPhoneError as error:
            errors.add(field, f"Invalid phone number: {error}")
    elif field == "auth_type" and value not in AUTH_TYPES:
        errors.add(field, "Must be one of: " + ", ".join(AUTH_TYPES) + ".")
    return value


def _datetime_value(errors: _Errors, field: str, value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        errors.add(field, "Not a valid datetime.")
        return None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def new_user(body: dict[str, Any]) -> NewUser:
    errors = _Errors()
    values: dict[str, Any] = {"mobile_number": None, "auth_type": SMS_AUTH}
    for field in ("name", "email_address", "password"):
        if body.get(field) is None:
            errors.add(field, MISSING)
    for field in ("name", "email_address", "mobile_number", "auth_type"):
        if field in body and (body[field] is not None or field == "mobile_number"):
            values[field] = _check_field(errors, field, body[field])
    password = body.get("password")
    if password is not None and not isinstance(password, str):
        errors.add("password", NOT_A_STRING)
    errors.raise_if_any()
    return NewUser(password=str(password), **values)


def user_changes(body: dict[str, Any]) -> dict[str, Any]:
    """The attributes an update may set; anything else is refused."""
    errors = _Errors()
    changes: dict[str, Any] = {}
    for field, value in body.items():
        if field not in UPDATABLE_FIELDS:
            errors.add("_schema", f"Unknown field name {field}")
        elif value is None and field != "mobile_number":
            errors.add(field, "Field may not be null.")
        else:
            changes[field] = _check_field(errors, field, value)
    errors.raise_if_any()
    return changes


def new_password(body: dict[str, Any]) -> str:
    errors = _Errors()
    for field in body:
        if field != "_password":
            errors.add("_schema", f"Unknown field name {field}")
    password = body.get("_password")
    if password is None:
        errors.add("_password", MISSING)
    elif not isinstance(password, str) or not password:
        errors.add("_password", NOT_A_STRING)
    errors.raise_if_any()
    return str(password)


def email_field(body: dict[str, Any], *, validate: bool = True) -> str:
    """``{"email": ...}``: a whole address, or any fragment of one when ``validate`` is off."""
    errors = _Errors()
    email = body.get("email")
    if email is None:
        errors.add("email", MISSING)
    elif not isinstance(email, str):
        errors.add("email", NOT_A_STRING)
    elif validate:
        try:
            email = validate_email_address(email)
        except InvalidEmailError as error:
            errors.add("email", str(error))
    errors.raise_if_any()
    return str(email)


def optional_string(body: dict[str, Any], field: str) -> str | None:
    value = body.get(field)
    if value is not None and not isinstance(value, str):
        raise InvalidRequest({field: [NOT_A_STRING]}, 400)
    return value or None


_NULLABLE_STRING: Final = {"type": ["string", "null"]}

SEND_SMS_CODE_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {"to": _NULLABLE_STRING},
    "additionalProperties": False,
}
SEND_EMAIL_CODE_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "to": _NULLABLE_STRING,
        "email_auth_link_host": _NULLABLE_STRING,
        "next": _NULLABLE_STRING,
    },
    "additionalProperties": False,
}
VERIFY_CODE_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "code_type": {"enum": list(VERIFY_CODE_TYPES)}},
    "required": ["code", "code_type"],
    "additionalProperties": False,
}
SET_PERMISSIONS_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "permissions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"permission": {"enum": list(PERMISSION_TYPES)}},
                "required": ["permission"],
            },
        },
        "folder_permissions": {"type": "array", "items": {"type": "string", "format": "uuid"}},
    },
    "required": ["permissions"],
    "additionalProperties": False,
}
