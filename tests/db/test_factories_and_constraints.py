"""The factories build consistent rows, and the schema's constraints reject what the original rejected."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption, check_hashed_secret
from notify_api.db import tables as t
from notify_api.settings import Settings
from tests.factories import (
    create_api_key,
    create_callback_api,
    create_inbound_api,
    create_inbound_number,
    create_inbound_sms,
    create_job,
    create_letter_contact,
    create_notification,
    create_organisation,
    create_reply_to,
    create_service,
    create_sms_sender,
    create_template,
    create_user,
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


async def test_create_service_adds_history_permissions_sender_allowance_and_member(
    connection: AsyncConnection,
) -> None:
    user = await create_user(connection)
    service = await create_service(connection, user_id=user.id, sms_sender="GOVUK")

    history = await connection.execute(
        select(t.services_history.c.version, t.services_history.c.name).where(
            t.services_history.c.id == service.id
        )
    )
    assert [tuple(row) for row in history] == [(1, service.name)]
    permissions = await connection.execute(
        select(t.service_permissions.c.permission).where(t.service_permissions.c.service_id == service.id)
    )
    assert {"sms", "email", "letter"} <= set(permissions.scalars())
    sender = await connection.execute(
        select(t.service_sms_senders.c.sms_sender).where(
            t.service_sms_senders.c.service_id == service.id, t.service_sms_senders.c.is_default
        )
    )
    assert sender.scalar_one() == "GOVUK"
    allowance = await connection.execute(
        select(func.count()).select_from(t.annual_billing).where(t.annual_billing.c.service_id == service.id)
    )
    assert allowance.scalar_one() == 1
    members = await connection.execute(
        select(t.user_to_service.c.user_id).where(t.user_to_service.c.service_id == service.id)
    )
    assert members.scalars().all() == [user.id]
    user_permissions = await connection.execute(
        select(t.permissions.c.permission).where(
            t.permissions.c.service_id == service.id, t.permissions.c.user_id == user.id
        )
    )
    assert "manage_api_keys" in set(user_permissions.scalars())


async def test_api_key_secret_is_stored_encrypted_and_decrypts_to_the_plaintext(
    connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    encryption = Encryption(settings.secret_key)
    key = await create_api_key(connection, service.id, key_type="team", encryption=encryption)

    stored = (
        await connection.execute(select(t.api_keys.c.secret).where(t.api_keys.c.id == key.id))
    ).scalar_one()
    assert stored != key.secret
    assert encryption.decrypt(stored) == key.secret
    history = await connection.execute(
        select(t.api_keys_history.c.version).where(t.api_keys_history.c.id == key.id)
    )
    assert history.scalars().all() == [1]


async def test_a_key_name_is_free_again_once_the_key_is_revoked(connection: AsyncConnection) -> None:
    service = await create_service(connection)
    first = await create_api_key(connection, service.id, name="my key")
    with pytest.raises(IntegrityError):
        async with connection.begin_nested():
            await create_api_key(connection, service.id, name="my key")

    await connection.execute(update(t.api_keys).where(t.api_keys.c.id == first.id).values(expiry_date=_now()))
    second = await create_api_key(connection, service.id, name="my key")
    assert second.id != first.id


async def test_a_user_needs_a_mobile_number_unless_they_sign_in_another_way(
    connection: AsyncConnection,
) -> None:
    with pytest.raises(IntegrityError, match="ck_user_has_mobile_or_other_auth"):
        async with connection.begin_nested():
            await create_user(connection, mobile_number=None, auth_type="sms_auth")
    email_user = await create_user(connection, mobile_number=None, auth_type="email_auth")
    stored = (
        await connection.execute(select(t.users.c._password).where(t.users.c.id == email_user.id))
    ).scalar_one()
    assert check_hashed_secret(email_user.password, stored)


async def test_notification_points_at_its_template_version_and_keeps_personalisation_encrypted(
    connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    key = await create_api_key(connection, service.id)
    job = await create_job(connection, template, notification_count=2)
    notification_id = await create_notification(
        connection,
        template,
        api_key_id=key.id,
        job_id=job,
        job_row_number=0,
        personalisation={"name": "Jo"},
        client_reference="ref-1",
    )

    row = (
        await connection.execute(select(t.notifications).where(t.notifications.c.id == notification_id))
    ).one()
    assert (row.template_id, row.template_version, row.notification_status) == (template.id, 1, "created")
    assert Encryption(settings.secret_key).decrypt_json(row._personalisation) == {"name": "Jo"}

    # one notification per CSV row
    with pytest.raises(IntegrityError):
        async with connection.begin_nested():
            await create_notification(connection, template, job_id=job, job_row_number=0)


async def test_a_notification_cannot_use_a_template_version_that_does_not_exist(
    connection: AsyncConnection,
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    with pytest.raises(IntegrityError):
        async with connection.begin_nested():
            await create_notification(connection, replace(template, version=2))


async def test_letters_need_a_valid_postage_and_other_types_none(connection: AsyncConnection) -> None:
    service = await create_service(connection)
    letter = await create_template(connection, service.id, template_type="letter")
    await create_notification(connection, letter, postage="europe")
    with pytest.raises(IntegrityError, match="ck_notifications_postage_valid"):
        async with connection.begin_nested():
            await create_notification(connection, letter, postage="third")
    with pytest.raises(IntegrityError, match="ck_templates_postage_valid"):
        async with connection.begin_nested():
            await create_template(connection, service.id, template_type="sms", postage="first")


async def test_senders_inbound_and_callbacks(connection: AsyncConnection, settings: Settings) -> None:
    organisation_id = await create_organisation(connection, domains=["example.gov.uk"])
    service = await create_service(connection, organisation_id=organisation_id)
    number_id = await create_inbound_number(connection, service_id=service.id)
    new_sender = await create_sms_sender(
        connection, service.id, sms_sender="07700900123", inbound_number_id=number_id
    )
    await create_reply_to(connection, service.id, email_address="first@example.com")
    await create_reply_to(connection, service.id, email_address="second@example.com")
    await create_letter_contact(connection, service.id)
    inbound_id = await create_inbound_sms(connection, service.id, content="Hi there")
    callback_id = await create_callback_api(connection, service.id, bearer_token="callback-token")
    await create_inbound_api(connection, service.id, bearer_token="inbound-token")

    encryption = Encryption(settings.secret_key)
    senders = await connection.execute(
        select(t.service_sms_senders.c.id).where(
            t.service_sms_senders.c.service_id == service.id, t.service_sms_senders.c.is_default
        )
    )
    assert senders.scalars().all() == [new_sender]
    defaults = await connection.execute(
        select(t.service_email_reply_to.c.email_address).where(
            t.service_email_reply_to.c.service_id == service.id, t.service_email_reply_to.c.is_default
        )
    )
    assert defaults.scalars().all() == ["second@example.com"]
    content = await connection.execute(
        select(t.inbound_sms.c.content).where(t.inbound_sms.c.id == inbound_id)
    )
    assert encryption.decrypt(content.scalar_one()) == "Hi there"
    token = await connection.execute(
        select(t.service_callback_api.c.bearer_token).where(t.service_callback_api.c.id == callback_id)
    )
    assert encryption.decrypt(token.scalar_one()) == "callback-token"

    # one delivery-status callback per service
    with pytest.raises(IntegrityError):
        async with connection.begin_nested():
            await create_callback_api(connection, service.id)
