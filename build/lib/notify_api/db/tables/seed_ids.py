"""Well-known ids of the rows the seed migration inserts (the Notify service, its user and templates).

The Notify service sends the platform's own messages (2FA codes, invitations, password resets...). The
service, user and template ids are the ones the original platform used, so existing links and data line up.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

NOTIFY_SERVICE_ID: Final = UUID("d6aa2c68-a2d9-4437-ab19-3ae8eb202553")
NOTIFY_USER_ID: Final = UUID("6af522d0-2915-4e52-83a3-3690455a5fe6")
NOTIFY_SERVICE_NAME: Final = "GOV.UK Notify"
NOTIFY_SERVICE_EMAIL_FROM: Final = "gov.uk.notify"
NOTIFY_SERVICE_SMS_SENDER: Final = "GOVUK"
NOTIFY_SERVICE_REPLY_TO: Final = "notify@gov.uk"
# Used instead of the default sender for international numbers that need a numeric sender.
NOTIFY_INTERNATIONAL_SMS_SENDER: Final = "07984404008"

# Internal templates of the Notify service.
SMS_CODE_TEMPLATE_ID: Final = UUID("36fb0730-6259-4da1-8a80-c8de22ad4246")
EMAIL_2FA_TEMPLATE_ID: Final = UUID("299726d2-dba6-42b8-8209-30e1d66ea164")
INVITATION_EMAIL_TEMPLATE_ID: Final = UUID("4f46df42-f795-4cc4-83bb-65ca312f49cc")
BROADCAST_INVITATION_EMAIL_TEMPLATE_ID: Final = UUID("46152f7c-6901-41d5-8590-a5624d0d4359")
ORGANISATION_INVITATION_EMAIL_TEMPLATE_ID: Final = UUID("203566f0-d835-47c5-aa06-932439c86573")
PASSWORD_RESET_TEMPLATE_ID: Final = UUID("474e9242-823b-4f99-813d-ed392e7f1201")
NEW_USER_EMAIL_VERIFICATION_TEMPLATE_ID: Final = UUID("ece42649-22a8-4d06-b87f-d52d5d3f0a27")
ALREADY_REGISTERED_EMAIL_TEMPLATE_ID: Final = UUID("0880fbb1-a0c6-46f0-9a8e-36c986381ceb")
CHANGE_EMAIL_CONFIRMATION_TEMPLATE_ID: Final = UUID("eb4d9930-87ab-4aef-9bce-786762687884")
TEAM_MEMBER_EDIT_EMAIL_TEMPLATE_ID: Final = UUID("c73f1d71-4049-46d5-a647-d013bdeca3f0")
TEAM_MEMBER_EDIT_MOBILE_TEMPLATE_ID: Final = UUID("8a31520f-4751-4789-8ea1-fe54496725eb")
SERVICE_NOW_LIVE_TEMPLATE_ID: Final = UUID("618185c6-3636-49cd-b7d2-6f6f5eb3bdde")
REPLY_TO_EMAIL_ADDRESS_VERIFICATION_TEMPLATE_ID: Final = UUID("a42f1d17-9404-46d5-a647-d013bdfca3e1")
MOU_SIGNER_RECEIPT_TEMPLATE_ID: Final = UUID("4fd2e43c-309b-4e50-8fb8-1955852d9d71")
MOU_SIGNED_ON_BEHALF_SIGNER_RECEIPT_TEMPLATE_ID: Final = UUID("c20206d5-bf03-4002-9a90-37d5032d9e84")
MOU_SIGNED_ON_BEHALF_ON_BEHALF_RECEIPT_TEMPLATE_ID: Final = UUID("522b6657-5ca5-4368-a294-6b527703bd0b")
LETTERS_VOLUME_EMAIL_TEMPLATE_ID: Final = UUID("11fad854-fd38-4a7c-bd17-805fb13dfc12")

# Branding given to NHS organisations' services by default.
NHS_EMAIL_BRANDING_ID: Final = UUID("a7dc4e56-660b-4db7-8cff-12c37b12b5ea")
NHS_LETTER_BRANDING_ID: Final = UUID("2cd354bb-6b85-eda3-c0ad-6b613150459f")

# Delivery providers (our own fixed ids so the seed and its downgrade can name the rows).
MMG_PROVIDER_ID: Final = UUID("58df6329-1d55-4973-89b7-3bb9fe17b86e")
FIRETEXT_PROVIDER_ID: Final = UUID("99fb5d6a-9554-4dc3-aa84-a465ea12ebd4")
SES_PROVIDER_ID: Final = UUID("300946b6-4752-424a-9b61-fc162ac931ff")
