from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.db.tables.seed_ids import MOU_SIGNER_RECEIPT_TEMPLATE_ID, NHS_EMAIL_BRANDING_ID
from notify_api.settings import Settings
from tests.factories import create_organisation, create_service, create_user
from tests.helpers import admin_headers


async def _create(client: httpx.AsyncClient, settings: Settings, **body: object) -> httpx.Response:
    payload: dict[str, object] = {
        "name": f"Org {uuid.uuid4().hex[:8]}",
        "crown": True,
        "organisation_type": "central",
    }
    payload.update(body)
    return await client.post("/organisations", json=payload, headers=admin_headers(settings))


async def test_create_and_get_an_organisation(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    created = await _create(client, settings, name="Department of Tests")
    assert created.status_code == 201
    organisation = created.json()
    assert organisation["name"] == "Department of Tests"
    assert organisation["active"] is True
    assert organisation["domains"] == []
    assert organisation["count_of_live_services"] == 0
    fetched = await client.get(f"/organisations/{organisation['id']}", headers=admin_headers(settings))
    assert fetched.json() == organisation
    listed = await client.get("/organisations", headers=admin_headers(settings))
    assert any(item["id"] == organisation["id"] for item in listed.json())


async def test_nhs_organisations_get_nhs_branding(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    created = await _create(client, settings, organisation_type="nhs_local", crown=False)
    assert created.json()["email_branding_id"] == str(NHS_EMAIL_BRANDING_ID)


async def test_duplicate_name_and_domain_are_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    await create_organisation(connection, name="Taken", domains=["taken.gov.uk"])
    duplicate = await _create(client, settings, name="Taken")
    assert duplicate.status_code == 400
    assert duplicate.json() == {"result": "error", "message": "Organisation name already exists"}

    other = (await _create(client, settings)).json()
    clash = await client.post(
        f"/organisations/{other['id']}", json={"domains": ["taken.gov.uk"]}, headers=admin_headers(settings)
    )
    assert clash.status_code == 400
    assert clash.json() == {"result": "error", "message": "Domain already exists"}


async def test_update_replaces_domains_and_passes_type_to_services(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    organisation_id = await create_organisation(
        connection, domains=["old.gov.uk"], organisation_type="central"
    )
    service = await create_service(connection, organisation_id=organisation_id)
    response = await client.post(
        f"/organisations/{organisation_id}",
        json={"domains": ["New.gov.uk", "other.gov.uk"], "organisation_type": "local", "name": "Renamed"},
        headers=admin_headers(settings),
    )
    assert response.status_code == 204
    organisation = (
        await client.get(f"/organisations/{organisation_id}", headers=admin_headers(settings))
    ).json()
    assert organisation["domains"] == ["new.gov.uk", "other.gov.uk"]
    assert organisation["name"] == "Renamed"
    row = (
        await connection.execute(
            select(t.services.c.organisation_type, t.services.c.version).where(t.services.c.id == service.id)
        )
    ).one()
    assert (row.organisation_type, row.version) == ("local", 2)


async def test_update_of_an_unknown_organisation_is_404(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    response = await client.post(
        f"/organisations/{uuid.uuid4()}", json={"name": "x"}, headers=admin_headers(settings)
    )
    assert response.status_code == 404
    assert response.json()["message"] == "Organisation not found"


async def test_signing_the_agreement_emails_the_signer(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    organisation_id = await create_organisation(connection)
    signer = await create_user(connection, name="Signer")
    response = await client.post(
        f"/organisations/{organisation_id}",
        json={
            "agreement_signed": True,
            "agreement_signed_by_id": str(signer.id),
            "agreement_signed_at": "2022-01-20 11:00:00.000000",
            "agreement_signed_version": 3.6,
        },
        headers=admin_headers(settings),
    )
    assert response.status_code == 204
    sent = (
        await connection.execute(
            select(t.notifications.c.template_id, t.notifications.c.to).where(
                t.notifications.c.template_id == MOU_SIGNER_RECEIPT_TEMPLATE_ID
            )
        )
    ).all()
    assert [(row.template_id, row.to) for row in sent] == [
        (MOU_SIGNER_RECEIPT_TEMPLATE_ID, signer.email_address)
    ]


async def test_by_domain_matches_subdomains_and_checks_the_argument(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    organisation_id = await create_organisation(connection, domains=["dept.gov.uk"])
    found = await client.get(
        "/organisations/by-domain", params={"domain": "team.dept.gov.uk"}, headers=admin_headers(settings)
    )
    assert found.status_code == 200
    assert found.json()["id"] == str(organisation_id)
    none = await client.get(
        "/organisations/by-domain", params={"domain": "nowhere.org"}, headers=admin_headers(settings)
    )
    assert none.status_code == 404
    with_at = await client.get(
        "/organisations/by-domain", params={"domain": "a@dept.gov.uk"}, headers=admin_headers(settings)
    )
    assert with_at.status_code == 400
    missing = await client.get("/organisations/by-domain", headers=admin_headers(settings))
    assert missing.status_code == 400


async def test_linking_a_service_copies_type_and_crown_and_sets_the_allowance(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    organisation_id = await create_organisation(connection, organisation_type="nhs_gp", crown=False)
    service = await create_service(connection, organisation_type="central", free_sms_fragment_limit=1)
    response = await client.post(
        f"/organisations/{organisation_id}/service",
        json={"service_id": str(service.id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 204
    row = (
        await connection.execute(
            select(t.services.c.organisation_id, t.services.c.organisation_type, t.services.c.crown).where(
                t.services.c.id == service.id
            )
        )
    ).one()
    assert tuple(row) == (organisation_id, "nhs_gp", False)
    history = (
        (
            await connection.execute(
                select(t.services_history.c.version).where(t.services_history.c.id == service.id)
            )
        )
        .scalars()
        .all()
    )
    assert sorted(history) == [1, 2]
    allowance = (
        (
            await connection.execute(
                select(t.annual_billing.c.free_sms_fragment_limit).where(
                    t.annual_billing.c.service_id == service.id
                )
            )
        )
        .scalars()
        .all()
    )
    assert allowance == [25000]
    services = await client.get(f"/organisations/{organisation_id}/services", headers=admin_headers(settings))
    assert services.json() == [
        {
            "id": str(service.id),
            "name": service.name,
            "active": True,
            "restricted": False,
            "research_mode": False,
        }
    ]


async def test_organisation_team_members(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    organisation_id = await create_organisation(connection)
    user = await create_user(connection, name="Member")
    added = await client.post(
        f"/organisations/{organisation_id}/users/{user.id}", headers=admin_headers(settings)
    )
    assert added.status_code == 200
    assert added.json()["data"]["organisations"] == [str(organisation_id)]
    listed = await client.get(f"/organisations/{organisation_id}/users", headers=admin_headers(settings))
    assert [member["id"] for member in listed.json()["data"]] == [str(user.id)]
    removed = await client.delete(
        f"/organisations/{organisation_id}/users/{user.id}", headers=admin_headers(settings)
    )
    assert removed.status_code == 204
    listed = await client.get(f"/organisations/{organisation_id}/users", headers=admin_headers(settings))
    assert listed.json()["data"] == []


async def test_unique_name_check(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    organisation_id = await create_organisation(connection, name="Unique Org")
    url = "/organisations/unique"
    same_org = await client.get(
        url, params={"org_id": str(organisation_id), "name": "unique org"}, headers=admin_headers(settings)
    )
    assert same_org.json() == {"result": True}
    other_org = await client.get(
        url, params={"org_id": str(uuid.uuid4()), "name": "UNIQUE ORG"}, headers=admin_headers(settings)
    )
    assert other_org.json() == {"result": False}
    missing = await client.get(url, headers=admin_headers(settings))
    assert missing.status_code == 400
    assert missing.json()["message"] == {"org_id": ["Can't be empty"], "name": ["Can't be empty"]}
