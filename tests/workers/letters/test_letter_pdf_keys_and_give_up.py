"""Where letter PDFs are kept, and what happens when the letter tasks run out of retries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.letters import processing
from notify_api.letters.stored import letter_pdf_key, stored_letter_pdf
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.tasks import queues
from tests.factories import create_notification
from tests.workers.letters.letter_support import LetterSender, letter_row


@dataclass(frozen=True)
class _Letter:
    id: uuid.UUID
    reference: str | None
    created_at: datetime
    postage: str | None


@pytest.mark.parametrize(
    ("created_at", "postage", "key"),
    [
        # winter: UK time is UTC; 17:30 starts the next day's printing run
        (datetime(2022, 1, 21, 17, 29, 59), "second", "2022-01-21/NOTIFY.ABC123.D.2.C.20220121172959.PDF"),
        (datetime(2022, 1, 21, 17, 30, 0), "first", "2022-01-22/NOTIFY.ABC123.D.1.C.20220121173000.PDF"),
        # summer: 16:45 UTC is 17:45 in the UK
        (datetime(2022, 6, 1, 16, 45, 0), "europe", "2022-06-02/NOTIFY.ABC123.D.E.C.20220601164500.PDF"),
        (
            datetime(2022, 6, 1, 16, 15, 0),
            "rest-of-world",
            "2022-06-01/NOTIFY.ABC123.D.N.C.20220601161500.PDF",
        ),
    ],
)
def test_letter_pdf_key_names_the_print_day_reference_and_postage(
    created_at: datetime, postage: str, key: str
) -> None:
    assert letter_pdf_key(_Letter(uuid.uuid4(), "ABC123", created_at, postage)) == key


async def test_no_stored_pdf_is_none(settings: Settings) -> None:
    letter = _Letter(uuid.uuid4(), "NOSUCHLETTER0001", datetime(2022, 1, 21, 9, 0), "second")
    assert await stored_letter_pdf(settings, letter) is None


async def test_giving_up_fails_only_letters_still_waiting_for_their_pdf(
    connection: AsyncConnection, runtime: Runtime, letters: LetterSender
) -> None:
    waiting = await create_notification(connection, letters.template, billable_units=0, reference="WAITING")
    made = await create_notification(connection, letters.template, billable_units=2, reference="MADE")
    printed = await create_notification(
        connection, letters.template, status="delivered", billable_units=0, reference="PRINTED"
    )

    assert await processing.give_up_letter(runtime, str(waiting)) is True
    assert await processing.give_up_letter(runtime, str(made)) is False
    assert await processing.give_up_letter(runtime, str(printed)) is False
    assert [
        (await letter_row(connection, str(notification_id))).notification_status
        for notification_id in (waiting, made, printed)
    ] == ["technical-failure", "created", "delivered"]


def test_letter_actors_listen_where_the_api_sends_and_retry_15_times_5_minutes_apart() -> None:
    from notify_workers.actors import letters as letter_actors
    from notify_workers.broker import queue_name

    expected = {
        "get-pdf-for-templated-letter": queues.CREATE_LETTERS_PDF,
        "sanitise-letter": queues.LETTERS,
    }
    for actor in (letter_actors.get_pdf_for_templated_letter, letter_actors.sanitise_letter):
        assert actor.queue_name == queue_name(expected[actor.actor_name])
        assert actor.options["max_retries"] == 15
        assert actor.options["on_retry_exhausted"] == "letter-retries-exhausted"
    assert letter_actors.LETTER_RETRIES.delay_for(0) == letter_actors.LETTER_RETRIES.delay_for(5) == 300_000
    assert letter_actors.letter_retries_exhausted.queue_name == queue_name(queues.RETRY)
