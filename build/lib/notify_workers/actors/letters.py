"""``get-pdf-for-templated-letter`` and ``sanitise-letter``: a letter's PDF, made or checked, then stored.

The work is in ``notify_api.letters.processing``. Retries use the shared policy class with the letter
tasks' own numbers: 15 retries, 5 minutes apart (the PDF tasks wait on S3, not on a provider, so the
delivery policy's 48 retries would be far too many); when they run out, ``letter-retries-exhausted``
marks a letter still waiting for its PDF ``technical-failure``.
"""

from __future__ import annotations

from typing import Any, Final

import dramatiq

from notify_api.letters import processing
from notify_api.tasks import queues
from notify_workers.broker import queue_name
from notify_workers.retry import RetryLater, RetryPolicy, callback_retry_policy
from notify_workers.runtime import worker_runtime

LETTER_RETRIES_EXHAUSTED: Final = "letter-retries-exhausted"
LETTER_RETRY_DELAY_SECONDS: Final = 300
LETTER_RETRIES: Final = RetryPolicy(
    max_retries=15,
    delay_ms=LETTER_RETRY_DELAY_SECONDS * 1000,
    first_delay_ms=LETTER_RETRY_DELAY_SECONDS * 1000,
)


@dramatiq.actor(
    actor_name=processing.GET_PDF_FOR_TEMPLATED_LETTER,
    queue_name=queue_name(queues.CREATE_LETTERS_PDF),
    **LETTER_RETRIES.actor_options(on_retry_exhausted=LETTER_RETRIES_EXHAUSTED),
)
async def get_pdf_for_templated_letter(notification_id: str) -> None:
    try:
        await processing.create_templated_letter_pdf(worker_runtime(), notification_id)
    except processing.TryAgainLater as error:
        raise RetryLater(str(error)) from error


@dramatiq.actor(
    actor_name=processing.SANITISE_LETTER,
    queue_name=queue_name(queues.LETTERS),
    **LETTER_RETRIES.actor_options(on_retry_exhausted=LETTER_RETRIES_EXHAUSTED),
)
async def sanitise_letter(notification_id: str) -> None:
    try:
        await processing.sanitise_letter(worker_runtime(), notification_id)
    except processing.TryAgainLater as error:
        raise RetryLater(str(error)) from error


@dramatiq.actor(
    actor_name=LETTER_RETRIES_EXHAUSTED,
    queue_name=queue_name(queues.RETRY),
    **callback_retry_policy(LETTER_RETRY_DELAY_SECONDS).actor_options(),
)
async def letter_retries_exhausted(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    """Dramatiq sends the exhausted message here (its ``asdict()``); the first argument is the id."""
    args = message.get("args") or []
    if args:
        await processing.give_up_letter(worker_runtime(), str(args[0]))
