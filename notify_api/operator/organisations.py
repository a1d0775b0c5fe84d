"""Loading organisations, linking services to them and recording go-live dates from operators' files."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from notify_api.db.database import Database
from notify_api.operator.queries import (
    add_domain,
    branding_id_by_name,
    organisation_id_by_name,
    service_exists,
    services_without_organisation,
    user_id_by_email,
)
from notify_api.organisations.operations import link_service
from notify_api.organisations.queries import insert_organisation, organisation_for_email
from notify_api.services.queries.writes import update_service

Echo = Callable[[str], None]


@dataclass
class OrganisationsLoaded:
    organisations: int = 0
    domains: int = 0


def _flag(value: str) -> bool | None:
    return {"1": True, "0": False, "true": True, "false": False}.get(value.strip().lower())


async def populate_organisations(database: Database, lines: Iterable[str], echo: Echo) -> OrganisationsLoaded:
    """Pipe-separated rows after a header: name, sector, crown, agreement signed (1/0), domains (separated
    by commas), email branding name, letter branding name.

    Organisations and domains that exist already are skipped, so a file can be loaded again with new rows.
    """
    loaded = OrganisationsLoaded()
    for line in list(lines)[1:]:
        if not line.strip():
            continue
        columns = [column.strip() for column in line.split("|")]
        columns += [""] * (7 - len(columns))
        name, sector, crown, agreement_signed, domains, email_brand, letter_brand = columns[:7]
        async with database.transaction() as connection:
            organisation_id = await organisation_id_by_name(connection, name)
            if organisation_id is None:
                values: dict[str, Any] = {
                    "name": name,
                    "active": True,
                    "organisation_type": sector.lower() or None,
                    "crown": _flag(crown),
                    "agreement_signed": _flag(agreement_signed),
                }
                if email_brand:
                    values["email_branding_id"] = await branding_id_by_name(
                        connection, email=True, name=email_brand
                    )
                if letter_brand:
                    values["letter_branding_id"] = await branding_id_by_name(
                        connection, email=False, name=letter_brand
                    )
                organisation_id = await insert_organisation(connection, values)
                loaded.organisations += 1
            else:
                echo(f"duplicate org {name}")
            for name_of_domain in filter(None, (part.strip().lower() for part in domains.split(","))):
                if await add_domain(connection, organisation_id, name_of_domain):
                    loaded.domains += 1
                else:
                    echo(f"duplicate domain {name_of_domain}")
    return loaded


async def associate_services_to_organisations(database: Database, *, dry_run: bool, echo: Echo) -> int:
    """Link each service that has no organisation to the one its creator's email domain belongs to."""
    async with database.read() as connection:
        unlinked = await services_without_organisation(connection)
    linked = 0
    for service in unlinked:
        async with database.transaction() as connection:
            found = await organisation_for_email(connection, service.creator_email_address)
            if found is None:
                continue
            if not dry_run:
                await link_service(connection, found.id, {"service_id": str(service.id)})
        linked += 1
        echo(f"{service.id} -> {found.name}")
    return linked


async def populate_go_live(database: Database, lines: Iterable[str], echo: Echo) -> int:
    """From the original's go-live spreadsheet (CSV with a header): column 3 the service id, 7 the go-live
    user's email address, 9 the date (dd/mm/yyyy, recorded at noon)."""
    updated = 0
    rows = csv.reader(lines, skipinitialspace=True)
    next(rows, None)
    for row in rows:
        if len(row) < 9:
            continue
        service_id, email_address, day = row[2].strip(), row[6].strip(), row[8].strip()
        try:
            parsed_id = uuid.UUID(service_id)
            go_live_at = datetime.strptime(day, "%d/%m/%Y") + timedelta(hours=12)
        except ValueError:
            echo(f"Skipping row with service id {service_id!r} and date {day!r}")
            continue
        async with database.transaction() as connection:
            user_id = await user_id_by_email(connection, email_address) if email_address else None
            if email_address and user_id is None:
                echo(f"No user found for email address: {email_address}")
                continue
            if not await service_exists(connection, parsed_id):
                echo(f"No service found for: {service_id}")
                continue
            await update_service(
                connection, parsed_id, {"go_live_user_id": user_id, "go_live_at": go_live_at}
            )
        updated += 1
    return updated
