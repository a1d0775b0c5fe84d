"""Every route of both APIs, driven with hostile values, answers 4xx, never 5xx.

Each path parameter, the query string and the body in turn carry NUL characters, integers past PostgreSQL's
range, JSON nested 1,000 deep, 200,000-character strings and values of the wrong type. The requests go to a
live server on a database of this test's own, so one refused statement cannot spoil the next request.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from starlette.routing import Route

from notify_api.settings import Settings
from notify_api.web.app import create_app
from tests.factories import create_api_key, create_service, create_template, create_user
from tests.faults.own_database import own_database
from tests.helpers import admin_headers, service_headers
from tests.live_server import live_server
from tests.task_queue import RecordingTaskQueue

PATH_PARAMETER = re.compile(r"{([a-z_]+)(?::[a-z]+)?}")
LONG = "a" * 200_000  # alone in a body or a query string
LONGISH = "a" * 10_000  # in every field of a body at once (70 fields stay under the 1 MB body limit)
HOSTILE_TEXT = ["\x00", "I\x00", LONG, "2147483648", "-1", "null,null", "' OR 1=1 --", "\u202e\ud7ff"]
HOSTILE_JSON: list[Any] = [
    "\x00",
    LONGISH,
    2**31,
    2**63,
    -(2**63) - 1,
    -1,
    1e308,
    True,
    None,
    [],
    {},
    [["\x00"]],
    {"a": {"b": "\x00"}},
]
FIELDS = (
    "name", "email_address", "reference", "phone_number", "template_id", "personalisation", "rate_limit",
    "message_limit", "sms_message_limit", "content", "subject", "created_by", "user_id", "service_id", "id",
    "active", "restricted", "email_from", "organisation_type", "domains", "permissions", "mobile_number",
    "password", "auth_type", "code", "code_type", "to", "template_type", "postage", "version", "archived",
    "folder_id", "parent_folder_id", "contact_link", "letter_branding", "email_branding", "url",
    "bearer_token", "notification_statuses", "scheduled_for", "job_id", "original_file_name",
    "notification_count", "sender", "is_default", "sms_sender", "status", "days_of_retention",
    "notification_type", "email_reply_to_id", "sms_sender_id", "letter_contact_block", "colour", "text",
    "logo", "brand_type", "billing_contact_names", "billing_contact_email_addresses", "purchase_order_number",
    "free_sms_fragment_limit", "financial_year_start", "volume_email", "volume_sms", "volume_letter",
    "consent_to_research", "go_live_user", "current_user_id", "templates", "template_folder_id",
)  # fmt: skip
QUERY_NAMES = (
    "reference", "name", "email", "template_type", "status", "older_than", "page", "page_size", "limit_days",
    "include_jobs", "include_from_test_key", "service_id", "user_id", "format_for_csv", "year",
    "financial_year", "start_date", "end_date", "domain", "simple", "include_one_off", "statuses",
    "detailed", "today_only", "only_active", "include_drafts", "template_id", "count_as_live", "letter_type",
)  # fmt: skip
DEEP = "[" * 1000 + "]" * 1000


@dataclasses.dataclass
class World:
    settings: Settings
    service_id: uuid.UUID
    user_id: uuid.UUID
    template_id: uuid.UUID
    key_secret: str


@pytest.fixture
async def world(settings: Settings) -> AsyncIterator[World]:
    own = await own_database(settings, "_hostile")
    engine = create_async_engine(own.database_url)
    async with engine.begin() as connection:
        user = await create_user(connection)
        service = await create_service(connection, user_id=user.id)
        template = await create_template(connection, service.id)
        key = await create_api_key(connection, service.id, "normal")
    await engine.dispose()
    yield World(own, service.id, user.id, template.id, key.secret)


def path_values(route: Route, world: World) -> list[str]:
    """The route's path with ordinary values, then with each parameter in turn set to each hostile value."""
    names = PATH_PARAMETER.findall(route.path)
    ordinary = {name: ordinary_value(name, world) for name in names}

    def render(values: dict[str, str]) -> str:
        return PATH_PARAMETER.sub(lambda match: values[match.group(1)], route.path)

    paths = [render(ordinary)]
    for name in names:
        for value in HOSTILE_TEXT:
            if value is not LONG:  # a 200,000-character URL is the server's to refuse, not the app's
                paths.append(render({**ordinary, name: quote(value, safe="")}))
    return paths


def ordinary_value(name: str, world: World) -> str:
    known = {"service_id": world.service_id, "user_id": world.user_id, "template_id": world.template_id}
    return str(known.get(name, uuid.uuid4()))


def headers_for(route: Route, world: World) -> dict[str, str]:
    """Fresh credentials (a token is good for 30 s), so every request reaches the route's own code."""
    if route.path.startswith("/v2/"):
        return service_headers(world.service_id, world.key_secret)
    return admin_headers(world.settings)


def bodies() -> list[bytes]:
    found = [DEEP.encode(), b"{", b"\x00", b'{"a": "\\u0000"}', b"[]", b"null", b"1e999"]
    found += [json.dumps({name: LONG}).encode() for name in ("name", "reference", "content", "email_address")]
    for value in HOSTILE_JSON:
        found.append(json.dumps(dict.fromkeys(FIELDS, value)).encode())
    return found


async def test_no_route_answers_5xx_to_hostile_values(world: World) -> None:
    app = create_app(world.settings)
    routes = [route for route in app.routes if isinstance(route, Route)]
    server_errors: list[str] = []
    sent = 0
    with live_server(world.settings, RecordingTaskQueue()) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            semaphore = asyncio.Semaphore(8)

            async def attempt(method: str, url: str, route: Route, body: bytes | None) -> None:
                nonlocal sent
                async with semaphore:
                    try:
                        response = await client.request(
                            method, url, headers=headers_for(route, world), content=body
                        )
                    except httpx.TransportError as error:
                        server_errors.append(f"{method} {url[:120]} {(body or b'')[:80]!r} -> {error!r}")
                        return
                    sent += 1
                if response.status_code >= 500:
                    shown = (body or b"")[:80]
                    server_errors.append(f"{method} {url[:120]} {shown!r} -> {response.status_code}")

            calls = []
            for route in routes:
                for method in sorted((route.methods or set()) - {"HEAD"}):
                    paths = path_values(route, world)
                    for path in paths:
                        calls.append(attempt(method, path, route, None))
                    for value in HOSTILE_TEXT:
                        query = "&".join(f"{name}={quote(value, safe='')}" for name in QUERY_NAMES)
                        if value is not LONG:
                            calls.append(attempt(method, f"{paths[0]}?{query}", route, None))
                    if method in ("POST", "PUT", "PATCH", "DELETE"):
                        for body in bodies():
                            calls.append(attempt(method, paths[0], route, body))
            await asyncio.gather(*calls)
    assert sent > 1000
    assert not server_errors, "\n".join(server_errors)
