"""/d/{service_id}/{document_id}: download a file sent by email. No auth: the key in the link is the secret.

GET ?key=... serves the file, or, when the sender asked for it, a form asking for the recipient's address;
the form POSTs the key and the address, so the key never travels in that URL. An unknown document and a
wrong key look the same: 404 in the admin envelope. A file past its retention is 410, with a page saying so.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.documents.operations import document_status, fetch_document, was_sent_to
from notify_api.documents.queries import DocumentStatus
from notify_api.documents.types import ALLOWED_MIMETYPES, Document
from notify_api.errors import NotFoundError
from notify_api.timeutils import utc_now
from notify_api.web.auth import mark
from notify_api.web.context import runtime_of
from notify_api.web.requests import path_uuid
from notify_api.web.routes.document_pages import NOT_THE_RECIPIENT, confirm_email_page, file_gone_page

_FORM_FIELDS_READ = 10  # the form has two; a body with thousands of fields is not parsed past this


def _content_disposition(document: Document, fallback_stem: str) -> str:
    name = document.filename or f"{fallback_stem}.{ALLOWED_MIMETYPES.get(document.mimetype, 'bin')}"
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name)
    if ascii_name == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _file_response(document: Document, document_id: str) -> Response:
    return Response(
        document.content,
        media_type=document.mimetype,
        headers={
            "Content-Disposition": _content_disposition(document, document_id),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


async def _status(request: Request) -> DocumentStatus:
    runtime = runtime_of(request)
    status = await document_status(
        runtime.database, path_uuid(request, "service_id"), path_uuid(request, "document_id")
    )
    if status is None:
        raise NotFoundError()
    return status


async def _open(request: Request, key: str) -> Document:
    if not key:
        raise NotFoundError()
    service_id, document_id = path_uuid(request, "service_id"), path_uuid(request, "document_id")
    document = await fetch_document(runtime_of(request).settings, service_id, document_id, key)
    if document is None:
        raise NotFoundError()
    return document


async def download_document(request: Request) -> Response:
    status = await _status(request)
    if status.gone(utc_now()):
        return file_gone_page()
    key = request.query_params.get("key", "")
    if status.confirm_email:
        if not key:
            raise NotFoundError()
        return confirm_email_page(request.url.path, key)
    return _file_response(await _open(request, key), str(path_uuid(request, "document_id")))


async def confirm_and_download(request: Request) -> Response:
    status = await _status(request)
    if status.gone(utc_now()):
        return file_gone_page()
    form = parse_qs((await request.body()).decode("utf-8", "replace"), max_num_fields=_FORM_FIELDS_READ)
    key = form.get("key", [""])[0]
    email = form.get("email_address", [""])[0].strip()
    document = await _open(request, key)
    if status.confirm_email and not was_sent_to(document, email):
        return confirm_email_page(request.url.path, key, error=NOT_THE_RECIPIENT, email=email)
    return _file_response(document, str(path_uuid(request, "document_id")))


routes: list[BaseRoute] = [
    Route("/d/{service_id}/{document_id}", mark(download_document, "none"), methods=["GET"]),
    Route("/d/{service_id}/{document_id}", mark(confirm_and_download, "none"), methods=["POST"]),
]
