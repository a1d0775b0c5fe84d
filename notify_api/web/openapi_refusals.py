"""Why a request the description's schemas allow can still be refused with a 400, per v2 operation.

Each entry is a message exactly as the API sends it (public-api spec §3.11), with ``…`` standing for the
part that varies. They are published under each operation's 400 response as ``x-refused-when``, and the
schemathesis run checks that a valid request is only ever refused with one of them.
"""

from __future__ import annotations

from typing import Final

# Values PostgreSQL cannot hold, refused on any operation that takes text or numbers from the request.
STORED_VALUES: Final = (
    "Text cannot contain the NUL character (\\u0000)",
    "A number in the request is too large",
    "A value in the request is too long",
)
_TEMPLATE: Final = (
    "Template not found",
    "Template has been deleted",
    "… template is not suitable for … notification",
    "Missing personalisation: …",
    "Your message is empty.",
    "Your message is too long. …",
)
_SCHEDULED_FOR: Final = (
    "scheduled_for datetime can not be in the past",
    "scheduled_for datetime can only be 24 hours in the future",
    # A day the pattern admits that the calendar does not have, such as 2030-02-31.
    "scheduled_for datetime format is invalid. …",
)
_RECIPIENT: Final = (
    "Can’t send to this recipient using a team-only API key",
    "Can’t send to this recipient when service is in trial mode – see …",
)
_ADDRESS: Final = (
    "Address must be at least 3 lines",
    "Address must be no more than 7 lines",
    "Must be a real UK postcode",
    "Last line of address must be a real UK postcode or another country",
    "Address lines must not start with any of the following characters: …",
)

SEND_SMS: Final = (
    "phone_number Not a UK mobile number",
    "phone_number Not enough digits",
    "phone_number Too many digits",
    "phone_number Not a valid country prefix",
    *_SCHEDULED_FOR,
    "Service is not allowed to send text messages",
    *_TEMPLATE,
    *_RECIPIENT,
    "Cannot send to international mobile numbers",
    "sms_sender_id … does not exist in database for service id …",
)
SEND_EMAIL: Final = (
    "email_address Not a valid email address",
    *_SCHEDULED_FOR,
    "Service is not allowed to send emails",
    *_TEMPLATE,
    *_RECIPIENT,
    "email_reply_to_id … does not exist in database for service id …",
    "Send files by email has not been set up - add contact details for your service at …",
)
SEND_LETTER: Final = (
    "Service is not allowed to send letters",
    *_TEMPLATE,
    *_ADDRESS,
    "Cannot decode letter content (invalid base64 encoding)",
)
LETTER_PDF: Final = (
    "Notification is not a letter",
    "File did not pass the virus scan",
    "PDF not available for letters in status technical-failure",
    "PDF not available yet, try again later",
)
TEMPLATE_PREVIEW: Final = ("Missing personalisation: …", "Your message is too long. …")

# POST /v2/notifications/bulk: the file is checked whole, with the send pipeline's steps for every row.
BULK: Final = (
    "name is a required property",
    "You should specify either rows or csv",
    "Template not found",
    "Service is not allowed to send …",
    "scheduled_for must be in the future and at most 96 hours ahead",
    "Too many rows. Maximum number of rows allowed is …",
    "Missing column headers: …",
    "The file …",
    "Missing personalisation: …",
    "Your message is empty.",
    "SMS sender not found",
    "Reply to email address not found",
    "Some rows have errors. …",
    "You cannot send to these recipients because your service is in trial mode. …",
    "You only have … remaining messages before you reach your daily limit. …",
)
