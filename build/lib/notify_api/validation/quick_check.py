"""A fast yes/no check for the small schema vocabulary our schemas use.

jsonschema spends most of its time building error context, even for valid input. Valid requests are the
common case on the hot path, so ``compile_quick_check`` turns a schema into plain nested functions that only
answer "valid?". On ``False`` the caller runs jsonschema to get the messages, so this check may be stricter
than jsonschema but must never accept what jsonschema rejects. Schemas with any other keyword get no quick
check at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jsonschema import FormatChecker

Check = Callable[[Any], bool]

# Keywords that never affect validity.
_ANNOTATIONS = frozenset({"validationMessage", "description", "title", "$schema"})


class _Unsupported(Exception):
    pass


def compile_quick_check(schema: dict[str, Any], format_checker: FormatChecker) -> Check | None:
    try:
        return _compile(schema, format_checker)
    except _Unsupported:
        return None


def _compile(schema: dict[str, Any], format_checker: FormatChecker) -> Check:
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "type":
            checks.append(_type_check(value))
        elif keyword == "properties":
            checks.append(_properties_check(value, format_checker))
        elif keyword == "required":
            checks.append(_required_check(value))
        elif keyword == "additionalProperties" and value is False:
            checks.append(_no_additional_properties_check(set(schema.get("properties", {}))))
        elif keyword == "items" and isinstance(value, dict):
            checks.append(_items_check(_compile(value, format_checker)))
        elif keyword == "enum" and all(isinstance(each, str) for each in value):
            checks.append(_string_enum_check(frozenset(value)))
        elif keyword == "minimum" and _is_number(value):
            checks.append(_minimum_check(value))
        elif keyword == "format":
            checks.append(_format_check(format_checker, value))
        else:
            raise _Unsupported(keyword)
    return lambda instance: all(check(instance) for check in checks)


def _is_number(instance: object) -> bool:
    return isinstance(instance, int | float) and not isinstance(instance, bool)


# Draft 7 type semantics: booleans are not numbers, and 1.0 is an integer.
_TYPE_TESTS: dict[str, Check] = {
    "object": lambda instance: isinstance(instance, dict),
    "array": lambda instance: isinstance(instance, list),
    "string": lambda instance: isinstance(instance, str),
    "null": lambda instance: instance is None,
    "boolean": lambda instance: isinstance(instance, bool),
    "number": _is_number,
    "integer": lambda instance: (
        (isinstance(instance, int) and not isinstance(instance, bool))
        or (isinstance(instance, float) and instance.is_integer())
    ),
}


def _type_check(types: str | list[str]) -> Check:
    names = [types] if isinstance(types, str) else types
    if not all(name in _TYPE_TESTS for name in names):
        raise _Unsupported(f"type {types}")
    tests = [_TYPE_TESTS[name] for name in names]
    return lambda instance: any(test(instance) for test in tests)


def _properties_check(properties: dict[str, Any], format_checker: FormatChecker) -> Check:
    compiled = [(name, _compile(subschema, format_checker)) for name, subschema in properties.items()]

    def check(instance: Any) -> bool:
        if not isinstance(instance, dict):
            return True
        return all(check(instance[name]) for name, check in compiled if name in instance)

    return check


def _required_check(required: list[str]) -> Check:
    return lambda instance: not isinstance(instance, dict) or all(name in instance for name in required)


def _no_additional_properties_check(known: set[str]) -> Check:
    return lambda instance: not isinstance(instance, dict) or known.issuperset(instance)


def _string_enum_check(allowed: frozenset[str]) -> Check:
    # jsonschema never finds a non-string equal to a string, so a string-only enum is a set lookup.
    return lambda instance: isinstance(instance, str) and instance in allowed


def _minimum_check(minimum: float) -> Check:
    return lambda instance: not _is_number(instance) or instance >= minimum


def _format_check(format_checker: FormatChecker, format_name: str) -> Check:
    return lambda instance: format_checker.conforms(instance, format_name)


def _items_check(item_check: Check) -> Check:
    return lambda instance: not isinstance(instance, list) or all(item_check(item) for item in instance)
