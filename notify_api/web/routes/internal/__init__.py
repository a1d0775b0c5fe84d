"""The internal admin API used by the admin frontend. Every route is guarded by ``admin_auth``."""

from __future__ import annotations

from starlette.routing import BaseRoute

from notify_api.web.routes.internal import (
    billing,
    branding,
    contact_lists,
    events,
    inbound_numbers,
    inbound_sms,
    invites,
    jobs,
    letter_cancelling,
    letters,
    organisations,
    platform_reports,
    provider_details,
    returned_letters,
    service_activity,
    service_callbacks,
    service_senders,
    service_settings,
    services,
    template_folders,
    template_statistics,
    templates,
    uploads,
    users,
)

# Each module of this package exposes ``routes``; list them here.
routes: list[BaseRoute] = [
    *platform_reports.routes,
    *letters.routes,
    *templates.routes,
    *template_folders.routes,
    *template_statistics.routes,
    *organisations.routes,
    *invites.routes,
    *provider_details.routes,
    *branding.routes,
    *events.routes,
    *users.routes,
    *services.routes,
    *service_activity.routes,
    *billing.routes,
    *service_settings.routes,
    *service_senders.routes,
    *service_callbacks.routes,
    *inbound_numbers.routes,
    *inbound_sms.routes,
    *jobs.routes,
    *returned_letters.routes,
    *letter_cancelling.routes,
    *uploads.routes,
    *contact_lists.routes,
]
