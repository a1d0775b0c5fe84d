"""Checks a real response against the OpenAPI document the API serves.

A small validator: component ``$ref``s are inlined, then the response schema is checked with jsonschema
(draft 2020-12, the dialect of OpenAPI 3.1).
"""

from __future__ import annotations

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


def assert_body_documented(body: Any, path: str, method: str, status: int) -> None:
    """``body`` matches the schema documented for that path, method and status."""
    schema = response_schema(path, method, status)
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=str)
    assert not errors, "\n".join(error.message for error in errors)


def assert_documented(response: httpx.Response, path: str) -> None:
    """The response's status is documented for ``path`` and its JSON body matches the schema."""
    assert_body_documented(response.json(), path, response.request.method, response.status_code)
