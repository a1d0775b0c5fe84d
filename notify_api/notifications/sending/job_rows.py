"""The send pipeline for the rows of a CSV job: the pipeline's own steps, run for many rows at once.

A job's template and sender are the same for every row, so those steps run once (on the first row); the
recipient and length steps run for each row, exactly as for a single send. Rows are then stored with one
prepared INSERT per batch (``ON CONFLICT DO NOTHING`` on the job's row number, so a batch written again
after a crash stores nothing twice) and their deliveries enqueued in one broker round trip.

Rules only jobs have: the daily limit is counted for the whole job before any row is sent, and a row a
service in trial mode may not send to is dropped, not an error (the original's ``save-sms``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from notify_api.enums import EMAIL, LETTER, SMS
from notify_api.errors import NotifyError
from notify_api.notifications.sending.checks import check_length, find_template
from notify_api.notifications.sending.letters import check_postal_address
from notify_api.notifications.sending.persist import insert_job_rows
from notify_api.notifications.sending.pipeline import Step
from notify_api.notifications.sending.queueing import delivery_route
from notify_api.notifications.sending.recipients import (
    TRIAL_MODE_RECIPIENT,
    check_email_address,
    check_phone_number,
    check_recipient_allowed,
)
from notify_api.notifications.sending.request import Send, SendRequest
from notify_api.notifications.sending.senders import choose_sender
from notify_api.runtime import Runtime
from notify_api.tasks.enqueue import enqueue_many

JOB_STEPS: Final[Sequence[Step]] = (find_template, choose_sender)
ROW_STEPS: Final[dict[str, Sequence[Step]]] = {
    SMS: (check_recipient_allowed, check_phone_number, check_length),
    EMAIL: (check_recipient_allowed, check_email_address, check_length),
    LETTER: (check_postal_address,),
}


class RowError(Exception):
    """A row that cannot be sent: the whole job stops before anything is sent."""

    def __init__(self, row_number: int, message: str) -> None:
        super().__init__(f"Row {row_number}: {message}")
        self.row_number = row_number
        self.message = message


@dataclass(slots=True)
class PreparedJob:
    """What the job-wide steps found, copied into each row's send."""

    first: Send

    def row(self, request: SendRequest) -> Send:
        first = self.first
        return Send(
            first.runtime,
            request,
            template=first.template,
            renderer=first.renderer,
            reply_to_text=first.reply_to_text,
        )


async def prepare_job(runtime: Runtime, first_row: SendRequest) -> PreparedJob:
    """The template and sender, once for the whole job; raises the pipeline's own errors."""
    send = Send(runtime, first_row)
    for step in JOB_STEPS:
        await step(send)
    return PreparedJob(send)


async def check_row(prepared: PreparedJob, request: SendRequest, spreadsheet_row: int) -> Send | None:
    """The row's send, ready to store; None for a recipient trial mode drops; RowError for a bad row."""
    send = prepared.row(request)
    try:
        for step in ROW_STEPS[request.notification_type]:
            await step(send)
    except NotifyError as error:
        if error.message == TRIAL_MODE_RECIPIENT:
            return None
        raise RowError(spreadsheet_row, str(error.message)) from error
    return send


async def store_and_enqueue(runtime: Runtime, sends: Sequence[Send]) -> None:
    """One INSERT for the batch, committed, then one enqueue call for its deliveries."""
    if not sends:
        return
    async with runtime.database.autocommit() as connection:
        await insert_job_rows(connection, runtime.encryption, [send.notification() for send in sends])
    to_enqueue = [send for send in sends if send.enqueue]
    if not to_enqueue:
        return
    first = to_enqueue[0]
    assert first.template is not None
    request = first.request
    actor, queue = first.task or delivery_route(
        request.notification_type,
        request.key_type,
        research_mode=request.service.research_mode,
        priority=False,  # job rows never jump the priority queue
    )
    await enqueue_many(runtime.tasks, actor, queue, [(str(send.id),) for send in to_enqueue])


def with_row(
    request: SendRequest, row_number: int, recipient: str, personalisation: dict[str, str]
) -> SendRequest:
    return replace(request, job_row_number=row_number, recipient=recipient, personalisation=personalisation)
