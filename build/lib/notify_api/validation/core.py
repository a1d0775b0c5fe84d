"""Schema validation that reports every error, worded the way Notify words them (public-api spec §2).

Message rules:
- a failing subschema carrying ``validationMessage`` gives ``"{field} {validationMessage}"``, whatever failed
  (wrong type, null, bad format), e.g. ``template_id is not a valid UUID``;
- otherwise ``"{field} {message}"`` or just ``message`` at the top level, where ``message`` is the format
  check's own text or jsonschema's wording, with every ``'`` removed (values appear as Python ``repr()``).
Messages come in schema order (``properties`` in property order, then ``required``, then
``additionalProperties``), each once.

Validators are compiled on first use of a schema object and cached by identity, so schemas must not be
changed after that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError as SchemaError

from notify_api.errors import ValidationError
from notify_api.validation.formats import FORMAT_CHECKER
from notify_api.validation.quick_check import Check, compile_quick_check

VALIDATION_MESSAGE_KEY = "validationMessage"


@dataclass(frozen=True, slots=True)
class _Compiled:
    schema: dict[str, Any]  # held so that its id() is never reused while cached
    validator: Draft7Validator
    quick_check: Check | None


_compiled: dict[int, _Compiled] = {}


def validate(instance: Any, schema: dict[str, Any]) -> None:
    """Raise ``ValidationError`` with all of Notify's messages if ``instance`` does not match ``schema``."""
    compiled = _compiled_for(schema)
    if compiled.quick_check is not None and compiled.quick_check(instance):
        return
    _raise_errors(compiled.validator, instance)


def validate_full(instance: Any, schema: dict[str, Any]) -> None:
    """``validate`` through jsonschema alone; the quick check must never give another answer."""
    _raise_errors(_compiled_for(schema).validator, instance)


def _raise_errors(validator: Draft7Validator, instance: Any) -> None:
    messages: dict[str, None] = {}  # an ordered set
    for error in validator.iter_errors(instance):
        messages[error_message(error)] = None
    if messages:
        raise ValidationError(list(messages))


def error_message(error: SchemaError) -> str:
    field = error.path[0] if error.path else None
    custom = error.schema.get(VALIDATION_MESSAGE_KEY) if isinstance(error.schema, dict) else None
    if custom is not None:
        return f"{field} {custom}" if field is not None else str(custom)
    text = str(error.cause) if error.cause is not None else error.message
    text = text.replace("'", "")
    # An empty field name (or list index 0) counts as no field, as in Notify.
    return f"{field} {text}" if field else text


def _compiled_for(schema: dict[str, Any]) -> _Compiled:
    entry = _compiled.get(id(schema))
    if entry is None or entry.schema is not schema:
        Draft7Validator.check_schema(schema)
        entry = _Compiled(
            schema=schema,
            validator=Draft7Validator(schema, format_checker=FORMAT_CHECKER),
            quick_check=compile_quick_check(schema, FORMAT_CHECKER),
        )
        _compiled[id(schema)] = entry
    return entry
