"""``process-returned-letters-list``: letters the post office sent back, by reference (the work is in
``notify_api.letters.returned``). A second run changes nothing more, so it retries as the letter tasks do."""

from __future__ import annotations

import dramatiq

from notify_api.letters.returned.operations import (
    PROCESS_RETURNED_LETTERS_LIST,
    process_returned_letters_list,
)
from notify_api.tasks import queues
from notify_workers.actors.letters import LETTER_RETRIES
from notify_workers.broker import queue_name
from notify_workers.runtime import worker_runtime


@dramatiq.actor(
    actor_name=PROCESS_RETURNED_LETTERS_LIST,
    queue_name=queue_name(queues.DATABASE),
    **LETTER_RETRIES.actor_options(),
)
async def process_returned_letters(references: list[str]) -> None:
    await process_returned_letters_list(worker_runtime(), references)
