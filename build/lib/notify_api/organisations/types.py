"""Typed views of organisations."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notify_api.timeutils import format_datetime


@dataclass(frozen=True, slots=True)
class AgreementSigner:
    """Who signed an organisation's agreement, for the receipt emails."""

    name: str
    email_address: str
    platform_admin: bool


@dataclass(frozen=True, slots=True)
class Organisation:
    id: uuid.UUID
    name: str
    active: bool
    crown: bool | None
    organisation_type: str | None
    email_branding_id: uuid.UUID | None
    letter_branding_id: uuid.UUID | None
    agreement_signed: bool | None
    agreement_signed_at: datetime | None
    agreement_signed_by_id: uuid.UUID | None
    agreement_signed_version: float | None
    agreement_signed_on_behalf_of_name: str | None
    agreement_signed_on_behalf_of_email_address: str | None
    request_to_go_live_notes: str | None
    notes: str | None
    purchase_order_number: str | None
    billing_contact_names: str | None
    billing_contact_email_addresses: str | None
    billing_reference: str | None
    domains: tuple[str, ...]
    count_of_live_services: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "active": self.active,
            "crown": self.crown,
            "organisation_type": self.organisation_type,
            "letter_branding_id": _str(self.letter_branding_id),
            "email_branding_id": _str(self.email_branding_id),
            "agreement_signed": self.agreement_signed,
            "agreement_signed_at": format_datetime(self.agreement_signed_at),
            "agreement_signed_by_id": _str(self.agreement_signed_by_id),
            "agreement_signed_version": self.agreement_signed_version,
            "agreement_signed_on_behalf_of_name": self.agreement_signed_on_behalf_of_name,
            "agreement_signed_on_behalf_of_email_address": self.agreement_signed_on_behalf_of_email_address,
            "domains": list(self.domains),
            "request_to_go_live_notes": self.request_to_go_live_notes,
            "count_of_live_services": self.count_of_live_services,
            "notes": self.notes,
            "purchase_order_number": self.purchase_order_number,
            "billing_contact_names": self.billing_contact_names,
            "billing_contact_email_addresses": self.billing_contact_email_addresses,
            "billing_reference": self.billing_reference,
        }

    def to_list_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "id": str(self.id),
            "active": self.active,
            "count_of_live_services": self.count_of_live_services,
            "domains": list(self.domains),
            "organisation_type": self.organisation_type,
        }


@dataclass(frozen=True, slots=True)
class OrganisationService:
    id: uuid.UUID
    name: str
    active: bool
    restricted: bool
    research_mode: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "active": self.active,
            "restricted": self.restricted,
            "research_mode": self.research_mode,
        }


@dataclass(frozen=True, slots=True)
class OrganisationMember:
    """A user as the organisation team page shows them."""

    id: uuid.UUID
    name: str
    email_address: str
    mobile_number: str | None
    auth_type: str
    state: str
    platform_admin: bool
    logged_in_at: datetime | None
    failed_login_count: int
    organisations: tuple[uuid.UUID, ...]
    services: tuple[uuid.UUID, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "email_address": self.email_address,
            "mobile_number": self.mobile_number,
            "auth_type": self.auth_type,
            "state": self.state,
            "platform_admin": self.platform_admin,
            "logged_in_at": format_datetime(self.logged_in_at),
            "failed_login_count": self.failed_login_count,
            "organisations": [str(org_id) for org_id in self.organisations],
            "services": [str(service_id) for service_id in self.services],
        }


def _str(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None
