"""Rules for organisations: unique names and domains, what an update passes on to the services."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.seed_ids import (
    MOU_SIGNED_ON_BEHALF_ON_BEHALF_RECEIPT_TEMPLATE_ID,
    MOU_SIGNED_ON_BEHALF_SIGNER_RECEIPT_TEMPLATE_ID,
    MOU_SIGNER_RECEIPT_TEMPLATE_ID,
    NHS_EMAIL_BRANDING_ID,
    NHS_LETTER_BRANDING_ID,
)
from notify_api.enums import ORGANISATION_TYPES
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.invites.mailer import NotifyMailer
from notify_api.organisations import queries
from notify_api.organisations.service_links import set_default_free_allowance
from notify_api.organisations.types import Organisation
from notify_api.validation import validate
from notify_api.validation.schemas import UUID

NHS_TYPES: Final = frozenset({"nhs_central", "nhs_local", "nhs_gp"})
ORGANISATION_TYPE_NAMES: Final = [name for name, _crown, _limit in ORGANISATION_TYPES]
NAME_EXISTS: Final = "Organisation name already exists"
DOMAIN_EXISTS: Final = "Domain already exists"

CREATE_ORGANISATION: Final = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "active": {"type": ["boolean", "null"]},
        "crown": {"type": ["boolean", "null"]},
        "organisation_type": {"enum": ORGANISATION_TYPE_NAMES},
    },
    "required": ["name", "crown", "organisation_type"],
}
UPDATE_ORGANISATION: Final = {
    "type": "object",
    "properties": {
        "name": {"type": ["string", "null"]},
        "active": {"type": ["boolean", "null"]},
        "crown": {"type": ["boolean", "null"]},
        "organisation_type": {"enum": ORGANISATION_TYPE_NAMES},
        "domains": {"type": "array", "items": {"type": "string"}},
    },
}
LINK_SERVICE: Final = {"type": "object", "properties": {"service_id": UUID}, "required": ["service_id"]}


async def get_organisation(connection: AsyncConnection, organisation_id: uuid.UUID) -> Organisation:
    found = await queries.get_organisation(connection, organisation_id)
    if found is None:
        raise NotFoundError()
    return found


async def create_organisation(connection: AsyncConnection, body: dict[str, Any]) -> Organisation:
    """NHS organisations get NHS branding from the start."""
    validate(body, CREATE_ORGANISATION)
    if await queries.name_taken(connection, body["name"]):
        raise InvalidRequest(NAME_EXISTS, 400)
    values = {key: body[key] for key in ("name", "crown", "organisation_type")}
    values["active"] = body.get("active", True) is not False
    if body["organisation_type"] in NHS_TYPES:
        values["email_branding_id"] = NHS_EMAIL_BRANDING_ID
        values["letter_branding_id"] = NHS_LETTER_BRANDING_ID
    organisation_id = await queries.insert_organisation(connection, values)
    return await get_organisation(connection, organisation_id)


async def update_organisation(mailer: NotifyMailer, organisation_id: uuid.UUID, body: dict[str, Any]) -> None:
    """Merge the given fields; a ``domains`` list replaces the domains. Services follow type and crown."""
    connection = mailer.work.connection
    validate(body, UPDATE_ORGANISATION)
    body = dict(body)
    domains = body.pop("domains", None)
    unknown = sorted(set(body) - queries.UPDATABLE_COLUMNS)
    if unknown:
        raise InvalidRequest({key: ["Not permitted to be updated"] for key in unknown}, 400)
    if body.get("name") is not None and await queries.name_taken(
        connection, body["name"], other_than=organisation_id
    ):
        raise InvalidRequest(NAME_EXISTS, 400)
    domains = [str(name).lower() for name in domains] if isinstance(domains, list) else None
    if domains and await queries.domains_taken(connection, domains, other_than=organisation_id):
        raise InvalidRequest(DOMAIN_EXISTS, 400)
    body = _coerced(body)
    if body and not await queries.update_organisation(connection, organisation_id, body):
        raise InvalidRequest("Organisation not found", 404)
    organisation = await queries.get_organisation(connection, organisation_id)
    if organisation is None:
        raise InvalidRequest("Organisation not found", 404)
    if domains is not None:
        await queries.replace_domains(connection, organisation_id, domains)
    await _pass_changes_to_services(connection, organisation, body)
    if body.get("agreement_signed") is True and organisation.agreement_signed_by_id is not None:
        await _send_agreement_receipts(mailer, organisation)


def _coerced(values: dict[str, Any]) -> dict[str, Any]:
    """JSON strings to the column types (ids, timestamps such as ``agreement_signed_at``)."""
    coerced: dict[str, Any] = {}
    for key, value in values.items():
        python_type = queries.column_python_type(key)
        try:
            if isinstance(value, str) and python_type is uuid.UUID:
                value = uuid.UUID(value)
            elif isinstance(value, str) and python_type is datetime:
                value = datetime.fromisoformat(value.removesuffix("Z"))
        except ValueError:
            raise InvalidRequest({key: [f"{value} is not valid"]}, 400) from None
        coerced[key] = value
    return coerced


async def _pass_changes_to_services(
    connection: AsyncConnection, organisation: Organisation, changes: dict[str, Any]
) -> None:
    service_ids = await queries.service_ids_of(connection, organisation.id)
    inherited: dict[str, Any] = {
        key: changes[key] for key in ("organisation_type", "crown") if key in changes
    }
    if inherited:
        await queries.update_services(connection, service_ids, inherited)
    await queries.give_default_branding(
        connection,
        service_ids,
        email_branding_id=organisation.email_branding_id if "email_branding_id" in changes else None,
        letter_branding_id=organisation.letter_branding_id if "letter_branding_id" in changes else None,
    )


async def _send_agreement_receipts(mailer: NotifyMailer, organisation: Organisation) -> None:
    """Tell the signer (and whoever they signed for) that the agreement was accepted.

    Platform admins signing for an organisation get no email.
    """
    signer = await queries.agreement_signer(mailer.work.connection, organisation.agreement_signed_by_id)
    if signer is None or signer.platform_admin:
        return
    personalisation = {
        "mou_link": f"{mailer.admin_base_url}/agreement/{'crown' if organisation.crown else 'non-crown'}.pdf",
        "org_name": organisation.name,
        "org_dashboard_link": f"{mailer.admin_base_url}/organisations/{organisation.id}",
        "signed_by_name": signer.name,
        "on_behalf_of_name": organisation.agreement_signed_on_behalf_of_name,
    }
    on_behalf_of = organisation.agreement_signed_on_behalf_of_email_address
    signer_template = MOU_SIGNER_RECEIPT_TEMPLATE_ID
    if on_behalf_of:
        signer_template = MOU_SIGNED_ON_BEHALF_SIGNER_RECEIPT_TEMPLATE_ID
        await mailer.send(MOU_SIGNED_ON_BEHALF_ON_BEHALF_RECEIPT_TEMPLATE_ID, on_behalf_of, personalisation)
    await mailer.send(signer_template, signer.email_address, personalisation)


async def link_service(connection: AsyncConnection, organisation_id: uuid.UUID, body: dict[str, Any]) -> None:
    """The service joins the organisation, takes its type and crown status, and its default allowance."""
    validate(body, LINK_SERVICE)
    organisation = await get_organisation(connection, organisation_id)
    service_id = uuid.UUID(body["service_id"])
    if not await queries.service_exists(connection, service_id):
        raise NotFoundError()
    await queries.update_services(
        connection,
        [service_id],
        {
            "organisation_id": organisation_id,
            "organisation_type": organisation.organisation_type,
            "crown": organisation.crown,
        },
    )
    await set_default_free_allowance(connection, service_id, organisation.organisation_type)


async def add_member(connection: AsyncConnection, organisation_id: uuid.UUID, user_id: uuid.UUID) -> None:
    await get_organisation(connection, organisation_id)
    if await queries.get_member(connection, user_id) is None:
        raise NotFoundError()
    await queries.add_member(connection, organisation_id, user_id)


async def is_name_unique(connection: AsyncConnection, organisation_id: str | None, name: str | None) -> bool:
    errors: dict[str, list[str]] = {}
    if not organisation_id:
        errors["org_id"] = ["Can't be empty"]
    if not name:
        errors["name"] = ["Can't be empty"]
    if errors or name is None:
        raise InvalidRequest(errors, 400)
    existing = await queries.name_taken_ignoring_case(connection, name)
    return existing is None or str(existing) == organisation_id
