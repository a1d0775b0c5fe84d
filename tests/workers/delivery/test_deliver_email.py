"""deliver_email: the MIME message we build, and sending it through SES (moto)."""

from __future__ import annotations

import dataclasses
import email
from email.message import Message
from email.policy import default as default_policy

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.runtime import Runtime
from notify_workers.delivery import send
from notify_workers.delivery.clients import DeliveryClients
from notify_workers.delivery.email_message import (
    OutgoingEmail,
    punycode_address,
    raw_mime,
    sender_address,
)
from notify_workers.retry import RetryLater
from tests.factories import create_notification, create_service, create_template
from tests.workers.delivery.delivery_fakes import notification_row, ses_sent_count


def _parts(message: Message) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.walk() if not part.is_multipart()}  # type: ignore[attr-defined]


def test_the_sender_is_the_quoted_service_name_at_the_notify_domain() -> None:
    assert (
        sender_address("Tax Office", "tax.office", "notify.tools") == '"Tax Office" <tax.office@notify.tools>'
    )
    assert sender_address('Say "hi"', "hi", "notify.tools") == '"Say \\"hi\\"" <hi@notify.tools>'
    assert sender_address("Gwasanaeth Cymraeg ŵ", "cy", "notify.tools").endswith("<cy@notify.tools>")


def test_internationalised_domains_are_sent_in_punycode() -> None:
    assert punycode_address("jo@exämple.com") == "jo@xn--exmple-cua.com"
    assert punycode_address("jo@example.com") == "jo@example.com"


def test_the_raw_message_has_headers_and_a_text_and_an_html_part() -> None:
    outgoing = OutgoingEmail(
        source='"Tax Office" <tax.office@notify.tools>',
        to="jo@exämple.com",
        subject="Your tax — due",
        text_body="Hello Jo",
        html_body="<p>Hello Jo</p>",
        reply_to="replies@tax.gov.uk",
    )
    message = email.message_from_bytes(raw_mime(outgoing), policy=default_policy)

    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Tax Office", "tax.office@notify.tools")
    assert message["To"] == "jo@xn--exmple-cua.com"
    assert message["Reply-To"] == "replies@tax.gov.uk"
    assert message["Subject"] == "Your tax — due"
    parts = _parts(message)
    assert parts["text/plain"].strip() == "Hello Jo"
    assert parts["text/html"].strip() == "<p>Hello Jo</p>"


async def test_an_email_is_sent_through_ses_and_the_message_id_is_the_reference(
    connection: AsyncConnection, delivery_runtime: Runtime, clients: DeliveryClients
) -> None:
    service = await create_service(connection, name="Tax Office", email_from="tax.office")
    template = await create_template(
        connection, service.id, template_type="email", subject="Hi ((name))", content="Hello ((name))"
    )
    notification_id = await create_notification(
        connection, template, to="Jo@Example.com", personalisation={"name": "Jo"}, reply_to_text="a@b.gov.uk"
    )
    sent_before = ses_sent_count(delivery_runtime.settings.aws_endpoint_url)

    assert await send.deliver_email(delivery_runtime, clients, str(notification_id)) == send.SENT_TO_PROVIDER

    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_by) == ("sending", "ses")
    assert row.reference and row.reference != str(notification_id)
    assert ses_sent_count(delivery_runtime.settings.aws_endpoint_url) == sent_before + 1


async def test_an_address_ses_rejects_as_invalid_is_a_technical_failure_at_once(
    connection: AsyncConnection, delivery_runtime: Runtime, clients: DeliveryClients
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    notification_id = await create_notification(connection, template, to="no-domain-at-all")

    assert await send.deliver_email(delivery_runtime, clients, str(notification_id)) == send.FAILED
    assert (await notification_row(connection, notification_id)).status == "technical-failure"


async def test_a_sender_ses_will_not_send_for_is_retried(
    connection: AsyncConnection, delivery_runtime: Runtime, clients: DeliveryClients
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    notification_id = await create_notification(connection, template)
    delivery_runtime.settings = dataclasses.replace(
        delivery_runtime.settings, notify_email_domain="not-verified.example"
    )

    try:
        await send.deliver_email(delivery_runtime, clients, str(notification_id))
    except RetryLater as error:
        assert "MessageRejected" in str(error)
    else:
        raise AssertionError("a rejected sender should be retried")
    assert (await notification_row(connection, notification_id)).status == "created"
