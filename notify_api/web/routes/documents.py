"""GET /d/{service_id}/{document_id}?key=...: download a file sent by email. No auth: the key is the secret.

A missing document and a wrong key look the same: 404 in the admin envelope.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.documents.operations import fetch_document
from notify_api.documents.types import ALLOWED_MIMETYPES, Document
from notify_api.errors import NotFoundError
from notify_api.web.auth import mark
from notify_api.web.context import runtime_of
from notify_api.web.requests import path_uuid


def _content_disposition(document: Document, fallback_stem: str) -> str:
    name = document.filename or f"{fallback_stem}.{ALLOWED_MIMETYPES.get(document.mimetype, 'bin')}"
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name)
    if ascii_name == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


async def download_document(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    document_id = path_uuid(request, "document_id")
    key = request.query_params.get("key")
    if not key:
        raise NotFoundError()
    document = await fetch_document(runtime_of(request).settings, service_id, document_id, key)
    if document is None:
        raise NotFoundError()
    return Response(
        document.content,
        media_type=document.mimetype,
        headers={
            "Content-Disposition": _content_disposition(document, str(document_id)),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


routes: list[BaseRoute] = [
    Route("/d/{service_id}/{document_id}", mark(download_document, "none"), methods=["GET"]),
]
