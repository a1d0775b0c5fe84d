"""Provider callbacks: delivery receipts and inbound SMS (no API auth; inbound SMS uses HTTP Basic)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from notify_api.web.routes.provider_callbacks import dvla_responses, inbound_sms, ses_receipts, sms_receipts

routes: list[BaseRoute] = [
    *sms_receipts.routes,
    *ses_receipts.routes,
    *inbound_sms.routes,
    *dvla_responses.routes,
]
