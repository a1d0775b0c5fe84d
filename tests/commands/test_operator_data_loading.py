"""Operator commands that load organisations, link services, record go-live dates and invite in bulk."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import invited_users
from notify_api.db.tables.organisations import domain, organisation
from notify_api.db.tables.services import services, services_history
from notify_api.operator.invites import bulk_invite
from notify_api.operator.organisations import (
    associate_services_to_organisations,
    populate_go_live,
    populate_organisations,
)
from notify_api.runtime import Runtime
from tests.factories import create_organisation, create_service, create_user


async def test_organisations_and_their_domains_are_loaded_once(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    tag = uuid.uuid4().hex[:8]
    lines = [
        "name|sector|crown|agreement|domains|email branding|letter branding",
        f"Org {tag}|Central|1|0|{tag}.gov.uk, other-{tag}.gov.uk||",
        f"Local {tag}|Local|0||{tag}.gov.uk||",
    ]
    echoed: list[str] = []

    loaded = await populate_organisations(runtime.database, lines, echoed.append)
    again = await populate_organisations(runtime.database, lines, echoed.append)

    assert (loaded.organisations, loaded.domains) == (2, 2)
    assert (again.organisations, again.domains) == (0, 0)
    assert f"duplicate domain {tag}.gov.uk" in echoed
    row = (
        await connection.execute(
            select(
                organisation.c.id,
                organisation.c.organisation_type,
                organisation.c.crown,
                organisation.c.agreement_signed,
            ).where(organisation.c.name == f"Org {tag}")
        )
    ).one()
    assert row[1:] == ("central", True, False)
    domains = await connection.execute(select(domain.c.domain).where(domain.c.organisation_id == row.id))
    assert set(domains.scalars()) == {f"{tag}.gov.uk", f"other-{tag}.gov.uk"}


async def test_services_are_linked_to_their_creators_organisation(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    tag = uuid.uuid4().hex[:8]
    organisation_id = await create_organisation(connection, domains=[f"{tag}.gov.uk"])
    creator = await create_user(connection, email_address=f"someone@team.{tag}.gov.uk")
    stranger = await create_user(connection, email_address=f"someone@{tag}.example.com")
    matched = await create_service(connection, user_id=creator.id)
    unmatched = await create_service(connection, user_id=stranger.id)
    echoed: list[str] = []

    assert await associate_services_to_organisations(runtime.database, dry_run=True, echo=echoed.append) >= 1
    before = await connection.execute(select(services.c.organisation_id).where(services.c.id == matched.id))
    assert before.scalar_one() is None

    await associate_services_to_organisations(runtime.database, dry_run=False, echo=echoed.append)
    linked = await connection.execute(
        select(services.c.id, services.c.organisation_id).where(services.c.id.in_([matched.id, unmatched.id]))
    )
    assert dict(linked.all()) == {matched.id: organisation_id, unmatched.id: None}


async def test_go_live_dates_are_recorded_as_a_new_service_version(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    user = await create_user(connection, email_address=f"live-{uuid.uuid4().hex[:8]}@example.gov.uk")
    service = await create_service(connection, user_id=user.id)
    lines = [
        "count,link,service id,dept,name,contact,email,mou,live date",
        f"1,x,{service.id},Dept,Name,Contact,{user.email_address},yes,25/12/2020",
        f"2,x,{uuid.uuid4()},Dept,Name,Contact,,yes,01/01/2021",
        "3,x,not-an-id,Dept,Name,Contact,,yes,01/01/2021",
    ]
    echoed: list[str] = []

    assert await populate_go_live(runtime.database, lines, echoed.append) == 1

    row = (
        await connection.execute(
            select(services.c.go_live_user_id, services.c.go_live_at, services.c.version).where(
                services.c.id == service.id
            )
        )
    ).one()
    assert row == (user.id, datetime(2020, 12, 25, 12, 0), 2)
    history = await connection.execute(
        select(services_history.c.go_live_at).where(
            services_history.c.id == service.id, services_history.c.version == 2
        )
    )
    assert history.scalar_one() == datetime(2020, 12, 25, 12, 0)
    assert any(line.startswith("No service found") for line in echoed)
    assert any(line.startswith("Skipping row") for line in echoed)


async def test_bulk_invitations_go_out_and_a_bad_address_does_not_stop_the_rest(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    inviter = await create_user(connection)
    service = await create_service(connection, user_id=inviter.id)
    echoed: list[str] = []

    invited = await bulk_invite(
        runtime,
        service_id=service.id,
        from_user_id=inviter.id,
        email_addresses=["first@example.gov.uk", "not an address", "second@example.gov.uk"],
        permissions="send_texts,view_activity",
        auth_type="email_auth",
        echo=echoed.append,
    )

    assert invited == 2
    assert any(line.startswith("*** ERROR occurred for email address: not an address") for line in echoed)
    rows = await connection.execute(
        select(invited_users.c.email_address, invited_users.c.auth_type).where(
            invited_users.c.service_id == service.id
        )
    )
    assert sorted(rows.all()) == [
        ("first@example.gov.uk", "email_auth"),
        ("second@example.gov.uk", "email_auth"),
    ]
