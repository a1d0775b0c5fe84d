"""Admin API: cancelling letters before they are printed — one letter, or every letter of a job."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.jobs.cancelling import LetterJobNotCancellable, cancel_letter_job
from notify_api.letters.cancelling import cancel_letter
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import path_uuid
from notify_api.web.responses import json_response


async def post_cancel_letter(request: Request) -> Response:
    notification = await cancel_letter(
        runtime_of(request), path_uuid(request, "service_id"), path_uuid(request, "notification_id")
    )
    return json_response(notification)


async def post_cancel_letter_job(request: Request) -> Response:
    try:
        cancelled = await cancel_letter_job(
            runtime_of(request), path_uuid(request, "service_id"), path_uuid(request, "job_id")
        )
    except LetterJobNotCancellable as refused:
        # The admin reads this refusal as a bare message, without the usual "result" field.
        return json_response({"message": refused.message}, 400)
    return json_response(cancelled)


routes: list[BaseRoute] = [
    Route(
        "/service/{service_id}/notifications/{notification_id}/cancel",
        admin_auth(post_cancel_letter),
        methods=["POST"],
    ),
    Route(
        "/service/{service_id}/job/{job_id}/cancel-letter-job",
        admin_auth(post_cancel_letter_job),
        methods=["POST"],
    ),
]
