"""Provider choice by priority, failover on send failures and slow delivery, and tending back."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.seed_ids import NOTIFY_USER_ID
from notify_api.providers.choice import NoActiveProviderError, ProviderChooser, pick_weighted
from notify_api.providers.failover import (
    SEND_FAILURE_THRESHOLD,
    reduce_sms_provider_priority,
    tend_providers_back_to_middle,
)
from notify_api.providers.types import ActiveProvider
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now
from notify_workers.delivery.provider_health import switch_provider_on_slow_delivery
from tests.factories import create_notification, create_service, create_template
from tests.workers.delivery.delivery_fakes import provider_history, set_sms_providers, sms_priorities


def test_choice_is_weighted_by_priority() -> None:
    rng = random.Random(7)
    providers = [ActiveProvider("mmg", 80), ActiveProvider("firetext", 20)]

    counts = Counter(pick_weighted(providers, "sms", rng) for _ in range(5000))

    assert 0.75 < counts["mmg"] / 5000 < 0.85


def test_a_provider_with_priority_zero_is_never_chosen_while_another_has_weight() -> None:
    providers = [ActiveProvider("mmg", 0), ActiveProvider("firetext", 30)]
    assert {pick_weighted(providers, "sms", random.Random(i)) for i in range(50)} == {"firetext"}


def test_all_priorities_zero_still_chooses_and_none_active_is_an_error() -> None:
    both_zero = [ActiveProvider("mmg", 0), ActiveProvider("firetext", 0)]
    assert pick_weighted(both_zero, "sms", random.Random(1)) in ("mmg", "firetext")
    with pytest.raises(NoActiveProviderError, match="No active sms providers"):
        pick_weighted([], "sms")


async def test_international_texts_choose_among_providers_that_support_them(
    connection: AsyncConnection,
) -> None:
    await set_sms_providers(connection, mmg=1, firetext=100)
    chooser = ProviderChooser(rng=random.Random(3))

    chosen = {await chooser.choose(connection, "sms", international=True) for _ in range(20)}

    assert chosen == {"mmg"}


async def test_active_providers_are_cached_for_ten_seconds(connection: AsyncConnection) -> None:
    now = [0.0]
    chooser = ProviderChooser(clock=lambda: now[0])
    await set_sms_providers(connection, mmg=100, firetext=None)
    assert await chooser.choose(connection, "sms", international=False) == "mmg"

    await set_sms_providers(connection, mmg=None, firetext=100)
    now[0] = 9.9
    assert await chooser.choose(connection, "sms", international=False) == "mmg"
    now[0] = 10.0
    assert await chooser.choose(connection, "sms", international=False) == "firetext"


async def test_a_failing_provider_loses_ten_points_to_the_other_with_history(
    connection: AsyncConnection,
) -> None:
    await set_sms_providers(connection, mmg=50, firetext=50)
    now = utc_now()

    changes = await reduce_sms_provider_priority(connection, "mmg", threshold=SEND_FAILURE_THRESHOLD, now=now)

    assert {(c.identifier, c.old_priority, c.new_priority) for c in changes} == {
        ("mmg", 50, 40),
        ("firetext", 50, 60),
    }
    assert await sms_priorities(connection) == {"mmg": 40, "firetext": 60}
    assert (await provider_history(connection, "firetext"))[-1] == (2, 60, NOTIFY_USER_ID)


async def test_no_change_within_the_threshold_of_the_last_one(connection: AsyncConnection) -> None:
    await set_sms_providers(connection, mmg=50, firetext=50)
    now = utc_now()
    await reduce_sms_provider_priority(connection, "mmg", threshold=SEND_FAILURE_THRESHOLD, now=now)

    soon = now + timedelta(seconds=59)
    assert (
        await reduce_sms_provider_priority(connection, "mmg", threshold=SEND_FAILURE_THRESHOLD, now=soon)
        == []
    )
    later = now + timedelta(seconds=61)
    assert await reduce_sms_provider_priority(connection, "mmg", threshold=SEND_FAILURE_THRESHOLD, now=later)
    assert await sms_priorities(connection) == {"mmg": 30, "firetext": 70}


async def test_priorities_stay_between_0_and_100(connection: AsyncConnection) -> None:
    await set_sms_providers(connection, mmg=5, firetext=95)

    await reduce_sms_provider_priority(connection, "mmg", threshold=SEND_FAILURE_THRESHOLD, now=utc_now())

    assert await sms_priorities(connection) == {"mmg": 0, "firetext": 100}


async def test_nothing_to_fail_over_to_when_the_other_provider_is_inactive(
    connection: AsyncConnection,
) -> None:
    await set_sms_providers(connection, mmg=50, firetext=None)

    assert (
        await reduce_sms_provider_priority(connection, "mmg", threshold=SEND_FAILURE_THRESHOLD, now=utc_now())
        == []
    )


async def test_providers_tend_back_to_their_resting_points_after_an_hour_without_change(
    connection: AsyncConnection,
) -> None:
    await set_sms_providers(connection, mmg=25, firetext=75)
    now = utc_now()

    await tend_providers_back_to_middle(connection, now=now)
    assert await sms_priorities(connection) == {"mmg": 35, "firetext": 65}
    assert await tend_providers_back_to_middle(connection, now=now + timedelta(minutes=59)) == []
    await tend_providers_back_to_middle(connection, now=now + timedelta(minutes=61))
    assert await sms_priorities(connection) == {"mmg": 45, "firetext": 55}
    await tend_providers_back_to_middle(connection, now=now + timedelta(minutes=122))
    assert await sms_priorities(connection) == {"mmg": 50, "firetext": 50}


async def test_traffic_moves_off_the_one_provider_that_is_slow_to_deliver(
    connection: AsyncConnection, delivery_runtime: Runtime
) -> None:
    await set_sms_providers(connection, mmg=50, firetext=50)
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    now = utc_now()
    sent_at = now - timedelta(minutes=6)
    for status, updated_after in (("delivered", 5), ("sending", None), ("delivered", 1)):
        await create_notification(
            connection, template, status=status, sent_by="mmg", sent_at=sent_at, created_at=sent_at,
            updated_at=None if updated_after is None else sent_at + timedelta(minutes=updated_after),
        )  # fmt: skip
    for _ in range(3):
        await create_notification(
            connection, template, status="delivered", sent_by="firetext", sent_at=sent_at, created_at=sent_at,
            updated_at=sent_at + timedelta(seconds=20),
        )  # fmt: skip

    changes = await switch_provider_on_slow_delivery(delivery_runtime, now=now)

    assert {(c.identifier, c.new_priority) for c in changes} == {("mmg", 40), ("firetext", 60)}


async def test_no_switch_when_both_providers_are_slow(
    connection: AsyncConnection, delivery_runtime: Runtime
) -> None:
    await set_sms_providers(connection, mmg=50, firetext=50)
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    sent_at = utc_now() - timedelta(minutes=6)
    for provider in ("mmg", "firetext"):
        await create_notification(
            connection, template, status="sending", sent_by=provider, sent_at=sent_at, created_at=sent_at
        )

    assert await switch_provider_on_slow_delivery(delivery_runtime) == []
