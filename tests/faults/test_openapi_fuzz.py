# mypy: allow-untyped-calls
"""A bounded schemathesis run over /v2/openapi.json against a real server and database.

Every operation of the description gets requests generated from it, valid and invalid ones (fixed seed,
bounded examples), signed with a live API key, with path ids drawn both at random and from real templates
and notifications. Each response must not be a 5xx and must be what the description promises: a documented
status, a documented content type, a body matching the documented schema. A valid request may only be
refused (400) with a message the operation lists under ``x-refused-when``. The counts are printed (run with
``-s`` to see them).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, strategies
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.settings import Settings
from tests.factories import (
    create_api_key,
    create_inbound_sms,
    create_notification,
    create_service,
    create_template,
    create_user,
)
from tests.helpers import service_headers
from tests.live_server import committed, in_thread, live_server, remove_service
from tests.public_v2.read.openapi_check import listed_reason, refused_when
from tests.task_queue import RecordingTaskQueue

SEED = 20240917
EXAMPLES_PER_OPERATION_AND_MODE = 120
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ADDRESS = {"address_line_1": "A Person", "address_line_2": "1 Street", "postcode": "SW1A 1AA"}


@dataclass
class FuzzTarget:
    base_url: str
    service_id: uuid.UUID
    secret: str
    known_ids: dict[str, list[str]]


@dataclass
class Tally:
    """What the run saw: requests and statuses per operation, and every failed check."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    refused_valid: Counter[str] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)  # one example per distinct failure

    def fail(self, summary: str, case: Any, headers: dict[str, str], body: str) -> None:
        example = f"    {case.as_curl_command(headers=headers)}\n    {body[:300]}"
        self.failures.setdefault(summary, example)

    def report(self) -> str:
        lines = [
            f"schemathesis: {sum(self.statuses.values())} requests, "
            f"{sum(n for (_, status), n in self.statuses.items() if status >= 500)} server errors, "
            f"{len(self.failures)} distinct failures"
        ]
        for label in sorted({label for label, _ in self.statuses}):
            by_status = {status: n for (op, status), n in sorted(self.statuses.items()) if op == label}
            lines.append(f"  {label}: {by_status}")
        lines.append("  valid requests refused, by listed reason:")
        lines.extend(f"    {n} x {reason}" for reason, n in self.refused_valid.most_common())
        lines.extend(f"{summary}\n{example}" for summary, example in self.failures.items())
        return "\n".join(lines)


@pytest.fixture
async def target(engine: AsyncEngine, settings: Settings) -> AsyncIterator[FuzzTarget]:
    """A service with templates, notifications and received texts, committed, behind a live server."""
    async with committed(engine) as connection:
        user = await create_user(connection)
        service = await create_service(connection, user_id=user.id, message_limit=100_000)
    try:
        async with committed(engine) as connection:
            key = await create_api_key(connection, service.id)
            sms = await create_template(connection, service.id, content="Hi ((name))")
            email = await create_template(connection, service.id, template_type="email", content="Hi")
            letter = await create_template(connection, service.id, template_type="letter")
            notifications = [
                await create_notification(connection, sms, personalisation={"name": "Jo"}),
                await create_notification(connection, email),
                await create_notification(connection, letter, personalisation={**ADDRESS, "name": "Jo"}),
            ]
            await create_inbound_sms(connection, service.id)
        templates = [str(template.id) for template in (sms, email, letter)]
        known_ids = {"template_id": templates, "notification_id": [str(n) for n in notifications]}
        with live_server(settings, RecordingTaskQueue()) as base_url:
            yield FuzzTarget(base_url, service.id, key.secret, known_ids)
    finally:
        await remove_service(engine, service.id, user.id)


def _case_strategy(
    operation: Any, mode: GenerationMode, known_ids: dict[str, list[str]]
) -> strategies.SearchStrategy[Any]:
    """Generated cases, and the same with a path id swapped for one that exists."""
    generated = [operation.as_strategy(mode)]
    path_names = {parameter.name for parameter in operation.path_parameters}
    for name in path_names & known_ids.keys():
        generated += [operation.as_strategy(mode, path_parameters={name: value}) for value in known_ids[name]]
    return strategies.one_of(generated)


def _check_refusal(operation: Any, response: Any, tally: Tally) -> str | None:
    """A valid request refused: each message must be a listed reason. Returns the first one that is not."""
    reasons = refused_when(operation.schema.raw_schema["paths"][operation.path][operation.method.lower()])
    for error in response.json()["errors"]:
        reason = listed_reason(error["message"], reasons)
        if reason is None:
            return str(error["message"])
        tally.refused_valid[f"{operation.label}: {reason}"] += 1
    return None


def _fuzz_operation(operation: Any, mode: GenerationMode, target: FuzzTarget, tally: Tally) -> None:
    @hypothesis.seed(SEED)
    @hypothesis.settings(
        max_examples=EXAMPLES_PER_OPERATION_AND_MODE,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=_case_strategy(operation, mode, target.known_ids))
    def run(case: Any) -> None:
        # A fresh token per request: the API refuses an iat more than 30 seconds old.
        headers = service_headers(target.service_id, target.secret)
        response = case.call(base_url=target.base_url, headers=headers, timeout=30)
        tally.statuses[(operation.label, response.status_code)] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                summary = f"{operation.label} -> {response.status_code}: {failure.title}"
                tally.fail(summary, case, headers, response.text)
            return
        if case.meta.generation.mode.is_positive and response.status_code == 400:
            unlisted = _check_refusal(operation, response, tally)
            if unlisted is not None:
                tally.fail(
                    f"{operation.label}: valid request refused: {unlisted}", case, headers, response.text
                )

    run()


async def test_generated_requests_get_documented_answers_and_no_server_errors(target: FuzzTarget) -> None:
    schema = schemathesis.openapi.from_url(f"{target.base_url}/v2/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    tally = Tally()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            await in_thread(
                lambda operation=operation, mode=mode: _fuzz_operation(operation, mode, target, tally)
            )
    print(tally.report())
    assert {label for label, _ in tally.statuses} == {operation.label for operation in operations}
    assert not tally.failures, tally.report()
