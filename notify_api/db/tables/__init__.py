"""All table definitions. Importing this package registers every table on ``metadata``.

One module per aggregate; the tables are re-exported here so callers can write
``from notify_api.db.tables import notifications, templates_history``.
"""

from notify_api.db.metadata import metadata
from notify_api.db.tables.api_keys import api_keys, api_keys_history
from notify_api.db.tables.billing import (
    annual_billing,
    ft_billing,
    ft_notification_status,
    ft_processing_time,
    letter_rates,
    rates,
)
from notify_api.db.tables.branding import (
    email_branding,
    letter_branding,
    service_email_branding,
    service_letter_branding,
)
from notify_api.db.tables.callbacks import (
    service_callback_api,
    service_callback_api_history,
    service_inbound_api,
    service_inbound_api_history,
)
from notify_api.db.tables.documents import documents
from notify_api.db.tables.events import complaints, events
from notify_api.db.tables.idempotency import idempotency_keys
from notify_api.db.tables.inbound import (
    inbound_numbers,
    inbound_sms,
    inbound_sms_forwards,
    inbound_sms_history,
)
from notify_api.db.tables.jobs import jobs
from notify_api.db.tables.letters import daily_sorted_letter, returned_letters
from notify_api.db.tables.lookups import (
    auth_type,
    branding_type,
    invite_status_type,
    job_status,
    key_types,
    notification_status_types,
    organisation_types,
    service_callback_type,
    service_permission_types,
    template_process_type,
)
from notify_api.db.tables.memberships import (
    invited_organisation_users,
    invited_users,
    permissions,
    user_folder_permissions,
    user_to_organisation,
    user_to_service,
)
from notify_api.db.tables.notifications import notification_history, notifications
from notify_api.db.tables.organisations import domain, organisation
from notify_api.db.tables.provider_receipts import provider_receipts
from notify_api.db.tables.providers import provider_details, provider_details_history, provider_rates
from notify_api.db.tables.senders import service_email_reply_to, service_letter_contacts, service_sms_senders
from notify_api.db.tables.services import (
    service_contact_list,
    service_data_retention,
    service_permissions,
    service_whitelist,
    services,
    services_history,
)
from notify_api.db.tables.templates import (
    template_folder,
    template_folder_map,
    template_redacted,
    templates,
    templates_history,
)
from notify_api.db.tables.users import users, verify_codes, webauthn_credential

__all__ = [
    "annual_billing",
    "api_keys",
    "api_keys_history",
    "auth_type",
    "branding_type",
    "complaints",
    "daily_sorted_letter",
    "documents",
    "domain",
    "email_branding",
    "events",
    "ft_billing",
    "ft_notification_status",
    "ft_processing_time",
    "idempotency_keys",
    "inbound_numbers",
    "inbound_sms",
    "inbound_sms_forwards",
    "inbound_sms_history",
    "invite_status_type",
    "invited_organisation_users",
    "invited_users",
    "job_status",
    "jobs",
    "key_types",
    "letter_branding",
    "letter_rates",
    "metadata",
    "notification_history",
    "notification_status_types",
    "notifications",
    "organisation",
    "organisation_types",
    "permissions",
    "provider_details",
    "provider_details_history",
    "provider_rates",
    "provider_receipts",
    "rates",
    "returned_letters",
    "service_callback_api",
    "service_callback_api_history",
    "service_callback_type",
    "service_contact_list",
    "service_data_retention",
    "service_email_branding",
    "service_email_reply_to",
    "service_inbound_api",
    "service_inbound_api_history",
    "service_letter_branding",
    "service_letter_contacts",
    "service_permission_types",
    "service_permissions",
    "service_sms_senders",
    "service_whitelist",
    "services",
    "services_history",
    "template_folder",
    "template_folder_map",
    "template_process_type",
    "template_redacted",
    "templates",
    "templates_history",
    "user_folder_permissions",
    "user_to_organisation",
    "user_to_service",
    "users",
    "verify_codes",
    "webauthn_credential",
]
