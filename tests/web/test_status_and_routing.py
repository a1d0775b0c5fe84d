from __future__ import annotations

import httpx

NOT_FOUND = (
    "The requested URL was not found on the server. If you entered the URL manually please check your "
    "spelling and try again."
)


async def test_status_reports_ok_and_the_database_revision(client: httpx.AsyncClient) -> None:
    response = await client.get("/_status")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["db_version"]


async def test_simple_status_skips_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/_status", params={"simple": "1"})
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_unknown_route_gives_the_old_format_404_with_cors_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"result": "error", "message": NOT_FOUND}
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-headers"] == "Content-Type,Authorization"
    assert response.headers["access-control-allow-methods"] == "GET,PUT,POST,DELETE"


async def test_wrong_method_gives_the_old_format_405_with_allow_header(client: httpx.AsyncClient) -> None:
    response = await client.delete("/_status")
    assert response.status_code == 405
    assert response.json() == {
        "result": "error",
        "message": "The method is not allowed for the requested URL.",
    }
    assert "GET" in response.headers["allow"]
    assert response.headers["content-type"].startswith("text/html")
