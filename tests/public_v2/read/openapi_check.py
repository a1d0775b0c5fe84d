"""Checks a real response against the OpenAPI document the API serves.

A small validator: component ``$ref``s are inlined, then the response schema is checked with jsonschema
(draft 2020-12, the dialect of OpenAPI 3.1).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx
from jsonschema import Draft202012Validator

from notify_api.web.openapi import openapi_document

COMPONENT_PREFIX = "#/components/schemas/"


def resolve_refs(node: Any, components: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str):
            assert reference.startswith(COMPONENT_PREFIX), f"unsupported $ref {reference}"
            name = reference.removeprefix(COMPONENT_PREFIX)
            assert name not in seen, f"recursive $ref {name}"
            return resolve_refs(components[name], components, (*seen, name))
        return {key: resolve_refs(value, components, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve_refs(item, components, seen) for item in node]
    return node


@cache
def _document() -> dict[str, Any]:
    document = openapi_document()
    components = document["components"]["schemas"]
    resolved: dict[str, Any] = resolve_refs(document["paths"], components)
    return resolved


def response_schema(path: str, method: str, status: int, media_type: str = "application/json") -> Any:
    operation = _document()[path][method.lower()]
    response = operation["responses"][str(status)]
    return response["content"][media_type]["schema"]


def request_schema(path: str, method: str = "post") -> Any:
    return _document()[path][method.lower()]["requestBody"]["content"]["application/json"]["schema"]


def parameter_schema(path: str, method: str, name: str) -> Any:
    parameters = _document()[path][method.lower()]["parameters"]
    return next(parameter["schema"] for parameter in parameters if parameter["name"] == name)


def listed_reason(message: str, refused_when: list[str]) -> str | None:
    """The listed refusal ``message`` is an instance of (``…`` stands for any text), or None."""
    for reason in refused_when:
        if re.fullmatch(".*".join(map(re.escape, reason.split("…"))), message, flags=re.DOTALL):
            return reason
    return None


def refused_when(operation: dict[str, Any]) -> list[str]:
    """The reasons an operation lists for refusing a request its schemas allow."""
    reasons: list[str] = operation["responses"]["400"].get("x-refused-when", [])
    return reasons


def assert_refusal_listed(response: httpx.Response, path: str) -> None:
    """A 400 whose every message is a refusal the description lists for that path and method."""
    assert response.status_code == 400, response.text
    assert_documented(response, path)
    reasons = refused_when(_document()[path][response.request.method.lower()])
    for error in response.json()["errors"]:
        assert listed_reason(error["message"], reasons), f"{error['message']!r} is not listed for {path}"


def assert_body_documented(body: Any, path: str, method: str, status: int) -> None:
    """``body`` matches the schema documented for that path, method and status."""
    schema = response_schema(path, method, status)
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=str)
    assert not errors, "\n".join(error.message for error in errors)


def assert_documented(response: httpx.Response, path: str) -> None:
    """The response's status is documented for ``path`` and its JSON body matches the schema."""
    assert_body_documented(response.json(), path, response.request.method, response.status_code)
