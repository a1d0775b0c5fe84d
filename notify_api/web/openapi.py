"""The OpenAPI 3.1 description of the public REST API v2, served at GET /v2/openapi.json.

Request bodies are derived from the very schemas the API validates with (minus our private
``validationMessage`` keyword), so the document cannot drift from what is enforced; fields checked by our own
formats also get standard keywords saying their shape. What no keyword can say (a template that exists, a
personalisation it needs) is listed under each operation's 400 as ``x-refused-when``: the messages with which
a request the schemas allow can still be refused (``…`` stands for any text). Response schemas are strict
(``additionalProperties: false``): the tests validate real responses against them.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, Final

from notify_api.enums import NOTIFICATION_STATUSES
from notify_api.idempotency.operations import MAX_KEY_LENGTH
from notify_api.validation.core import VALIDATION_MESSAGE_KEY
from notify_api.validation.formats import MAX_CLIENT_REFERENCE_LENGTH
from notify_api.validation.schemas import (
    POST_EMAIL_REQUEST,
    POST_LETTER_REQUEST,
    POST_PRECOMPILED_LETTER_REQUEST,
    POST_SMS_REQUEST,
    POST_TEMPLATE_PREVIEW_REQUEST,
)
from notify_api.web import openapi_refusals as refusals

Schema = dict[str, Any]

TIMESTAMP: Final[Schema] = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$",
    "description": "UTC, e.g. 2022-01-21T11:01:39.123456Z",
}
UUID_STRING: Final[Schema] = {"type": "string", "format": "uuid"}
_DIGIT_OR_SEPARATOR = r"[0-9\s()+-]"
_EMAIL_ATOM = r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+"
_HOSTNAME_LABEL = r"[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*"
_BASE64_QUARTETS = r"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
_ISO_DATETIME = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9]"
    r"(:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-](0[0-9]|1[0-4]):?[0-5][0-9])?$"
)
LETTER_ONLY_STATUSES: Final = ["accepted", "received"]
POSTAGES: Final = ["first", "second", "europe", "rest-of-world"]


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _strict(properties: Schema, *, optional: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


# Request fields the validation checks with our own formats, described with standard keywords too. Each
# pattern admits only values of the accepted shape; the finer rules are refusals listed per operation.
DESCRIBED_FIELDS: Final[dict[str, Schema]] = {
    "phone_number": {
        "pattern": f"^{_DIGIT_OR_SEPARATOR}*[0-9]{_DIGIT_OR_SEPARATOR}*$",
        "description": "A UK mobile number, or an international one if the service may send abroad: digits, "
        "with spaces, brackets, + and - ignored",
    },
    "email_address": {
        "pattern": rf"^{_EMAIL_ATOM}(\.{_EMAIL_ATOM})*@({_HOSTNAME_LABEL}\.)+[a-zA-Z]{{2,63}}$",
        "maxLength": 320,
        "description": "An email address (internationalised domain names are accepted as well)",
    },
    "scheduled_for": {
        "pattern": _ISO_DATETIME,
        "description": "ISO 8601, within the next 24 hours; accepted but not acted upon",
    },
    "postage": {"enum": POSTAGES},
    "reference": {
        "maxLength": MAX_CLIENT_REFERENCE_LENGTH,
        "description": "Your own reference for the message, up to 1000 characters",
    },
    "content": {
        "pattern": _BASE64_QUARTETS,
        "contentEncoding": "base64",
        "contentMediaType": "application/pdf",
        "description": "The letter as a base64-encoded PDF",
    },
}


def request_schema(schema: Schema) -> Schema:
    """A validation schema as a plain JSON Schema: our error-wording keyword removed, and the fields checked
    by our own formats described with standard keywords too."""

    def clean(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: clean(value) for key, value in node.items() if key != VALIDATION_MESSAGE_KEY}
        if isinstance(node, list):
            return [clean(item) for item in node]
        return node

    cleaned: Schema = clean(copy.deepcopy(schema))
    properties = cleaned.get("properties", {})
    for name, keywords in DESCRIBED_FIELDS.items():
        if name in properties:
            properties[name] |= keywords
    return cleaned


def _response_schemas() -> dict[str, Schema]:
    template_link = _strict({"id": UUID_STRING, "version": {"type": "integer"}, "uri": {"type": "string"}})
    created = {
        "id": UUID_STRING,
        "reference": _nullable({"type": "string"}),
        "uri": {"type": "string"},
        "template": template_link,
        "scheduled_for": {"type": "null"},
    }
    text = {"type": "string"}
    nullable_text = _nullable(text)
    address: dict[str, Schema] = {name: {} for name in (*(f"line_{n}" for n in range(1, 7)), "postcode")}
    notification = _strict(
        {
            "id": UUID_STRING,
            "reference": nullable_text,
            "email_address": nullable_text,
            "phone_number": nullable_text,
            **address,
            "type": {"enum": ["sms", "email", "letter"]},
            "status": {"enum": [*NOTIFICATION_STATUSES, *LETTER_ONLY_STATUSES]},
            "template": template_link,
            "body": text,
            "subject": nullable_text,
            "created_at": TIMESTAMP,
            "created_by_name": nullable_text,
            "sent_at": _nullable(TIMESTAMP),
            "completed_at": _nullable(TIMESTAMP),
            "scheduled_for": {"type": "null"},
            "postage": _nullable({"enum": POSTAGES}),
            "estimated_delivery": TIMESTAMP,
        },
        optional=("estimated_delivery",),
    )
    links = _strict({"current": text, "next": text}, optional=("next",))
    template = _strict(
        {
            "id": UUID_STRING,
            "type": {"enum": ["sms", "email", "letter", "broadcast"]},
            "created_at": TIMESTAMP,
            "updated_at": _nullable(TIMESTAMP),
            "created_by": nullable_text,
            "version": {"type": "integer"},
            "body": text,
            "subject": nullable_text,
            "name": text,
            "personalisation": {
                "type": "object",
                "additionalProperties": _strict({"required": {"const": True}}),
            },
            "postage": _nullable({"enum": ["first", "second"]}),
            "letter_contact_block": nullable_text,
        }
    )
    received_text = _strict(
        {
            "id": UUID_STRING,
            "created_at": TIMESTAMP,
            "service_id": UUID_STRING,
            "notify_number": text,
            "user_number": text,
            "content": text,
        }
    )
    return {
        "SmsNotificationCreated": _strict(
            {**created, "content": _strict({"body": text, "from_number": nullable_text})}
        ),
        "EmailNotificationCreated": _strict(
            {**created, "content": _strict({"body": text, "subject": text, "from_email": text})}
        ),
        "LetterNotificationCreated": _strict(
            {**created, "content": _strict({"body": text, "subject": text})}
        ),
        "PrecompiledLetterCreated": _strict(
            {"id": UUID_STRING, "reference": text, "postage": {"enum": POSTAGES}}
        ),
        "Notification": notification,
        "NotificationList": _strict(
            {"notifications": {"type": "array", "items": _ref("Notification")}, "links": links}
        ),
        "Template": template,
        "TemplateList": _strict({"templates": {"type": "array", "items": _ref("Template")}}),
        "TemplatePreview": _strict(
            {
                "id": UUID_STRING,
                "type": {"enum": ["sms", "email", "letter", "broadcast"]},
                "version": {"type": "integer"},
                "body": text,
                "subject": nullable_text,
                "html": nullable_text,
                "postage": _nullable({"enum": ["first", "second"]}),
            }
        ),
        "ReceivedTextMessage": received_text,
        "ReceivedTextMessageList": _strict(
            {
                "received_text_messages": {"type": "array", "items": _ref("ReceivedTextMessage")},
                "links": links,
            }
        ),
        "Error": _strict(
            {
                "status_code": {"type": "integer"},
                "errors": {
                    "type": "array",
                    "minItems": 1,
                    "items": _strict({"error": text, "message": text}),
                },
            }
        ),
        # The original's routing 404/405 body, kept as it was for URLs no route matches (spec §8).
        "RoutingError": _strict({"result": {"enum": ["error"]}, "message": text}),
        "SmsRequest": request_schema(POST_SMS_REQUEST),
        # GC Notify's bulk API: the first row holds the column names (or a CSV holds them).
        "BulkRequest": {
            "type": "object",
            "required": ["name", "template_id"],
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "template_id": UUID_STRING,
                "rows": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                "csv": {"type": "string"},
                "scheduled_for": _nullable({"type": "string"}),
                "reply_to_id": _nullable(UUID_STRING),
            },
            "oneOf": [{"required": ["rows"]}, {"required": ["csv"]}],
        },
        "BulkJobCreated": _strict({"data": {"type": "object"}}),
        "EmailRequest": request_schema(POST_EMAIL_REQUEST),
        "LetterRequest": request_schema(POST_LETTER_REQUEST),
        "PrecompiledLetterRequest": request_schema(POST_PRECOMPILED_LETTER_REQUEST),
        # The path supplies "id"; the body may carry other fields, which are ignored.
        "TemplatePreviewRequest": {
            "type": "object",
            "properties": {
                "personalisation": request_schema(POST_TEMPLATE_PREVIEW_REQUEST)["properties"][
                    "personalisation"
                ]
            },
        },
    }


def _json(schema_name: str, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema_name)}}}


_ERRORS: Final[Schema] = {
    "401": _json("Error", "No token, or not a bearer token (AuthError)"),
    "403": _json("Error", "Token refused (AuthError), or letters not allowed for this key or service"),
}


def _invalid(refused_when: tuple[str, ...]) -> Schema:
    """The 400: a request the schemas refuse, or one they allow refused for a listed reason."""
    reasons = "; ".join(refused_when)
    description = (
        "Invalid request (ValidationError, BadRequestError, PDFNotReadyError). A request the schemas allow "
        f"can still be refused: {reasons}"
    )
    return {**_json("Error", description), "x-refused-when": list(refused_when)}


def _operation(summary: str, responses: Schema, refused_when: tuple[str, ...] = (), **extra: Any) -> Schema:
    errors = {"400": _invalid((*refused_when, *refusals.STORED_VALUES)), **_ERRORS}
    return {"summary": summary, "responses": {**responses, **errors}, **extra}


def _path_uuid(name: str) -> Schema:
    return {"name": name, "in": "path", "required": True, "schema": UUID_STRING}


def _query(name: str, schema: Schema, description: str, *, explode: bool = False) -> Schema:
    parameter = {"name": name, "in": "query", "required": False, "schema": schema, "description": description}
    if explode:
        parameter |= {"style": "form", "explode": True}
    return parameter


def _send(
    summary: str, request: str | Schema, created: str | Schema, refused_when: tuple[str, ...]
) -> Schema:
    body_schema = _ref(request) if isinstance(request, str) else request
    created_schema = _ref(created) if isinstance(created, str) else created
    responses: Schema = {
        "201": {
            "description": "Accepted (or, with a reused Idempotency-Key and the same body, the first answer "
            "again, with the header Idempotent-Replayed: true)",
            "content": {"application/json": {"schema": created_schema}},
        },
        "409": _json("Error", "A request with this Idempotency-Key is still in flight (IdempotencyError)"),
        "422": _json("Error", "This Idempotency-Key was used with a different request (IdempotencyError)"),
        "429": _json("Error", "RateLimitError or TooManyRequestsError"),
    }
    idempotency_key = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
        "description": "Optional. A retry with the same key and body within 24 hours gets the first answer "
        "and sends nothing",
    }
    return {
        "post": _operation(
            summary,
            responses,
            (*refused_when, f"Idempotency-Key must be between 1 and {MAX_KEY_LENGTH} characters"),
            parameters=[idempotency_key],
            requestBody={"required": True, "content": {"application/json": {"schema": body_schema}}},
        )
    }


def _paths() -> dict[str, Schema]:
    not_found = {"404": _json("Error", "No result found (NoResultFound)")}
    letter_request = {"oneOf": [_ref("LetterRequest"), _ref("PrecompiledLetterRequest")]}
    letter_created = {"oneOf": [_ref("LetterNotificationCreated"), _ref("PrecompiledLetterCreated")]}
    template_types = {"type": "array", "items": {"enum": ["sms", "email", "letter"]}}
    statuses = {"type": "array", "items": {"enum": [*NOTIFICATION_STATUSES, "accepted, received"]}}
    return {
        "/v2/notifications/sms": _send(
            "Send a text message", "SmsRequest", "SmsNotificationCreated", refusals.SEND_SMS
        ),
        "/v2/notifications/email": _send(
            "Send an email", "EmailRequest", "EmailNotificationCreated", refusals.SEND_EMAIL
        ),
        "/v2/notifications/letter": _send(
            "Send a letter (templated or precompiled)", letter_request, letter_created, refusals.SEND_LETTER
        ),
        "/v2/notifications/bulk": _send(
            "Send many messages from one template as a job (rows or a CSV; processed by a worker)",
            "BulkRequest",
            "BulkJobCreated",
            refusals.BULK,
        ),
        "/v2/notifications": {
            "get": _operation(
                "List notifications sent with this key type, newest first, 250 a page",
                {"200": _json("NotificationList", "A page of notifications")},
                parameters=[
                    _query("template_type", template_types, "Repeatable", explode=True),
                    _query("status", statuses, "Repeatable; failed means every failure status", explode=True),
                    _query("reference", {"type": "string"}, "Your reference"),
                    _query("older_than", {"type": "string", "format": "uuid"}, "Only older than this one"),
                    _query(
                        "include_jobs", {"enum": ["true", "True"]}, "Include notifications sent from CSV jobs"
                    ),
                ],
            )
        },
        "/v2/notifications/{notification_id}": {
            "get": _operation(
                "Get a notification by id",
                {"200": _json("Notification", "The notification"), **not_found},
                parameters=[_path_uuid("notification_id")],
            )
        },
        "/v2/notifications/{notification_id}/pdf": {
            "get": _operation(
                "Get a letter as a PDF",
                {
                    "200": {
                        "description": "The letter",
                        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                    },
                    **not_found,
                },
                refusals.LETTER_PDF,
                parameters=[_path_uuid("notification_id")],
            )
        },
        "/v2/template/{template_id}": {
            "get": _operation(
                "Get a template (archived templates too)",
                {"200": _json("Template", "The current version"), **not_found},
                parameters=[_path_uuid("template_id")],
            )
        },
        "/v2/template/{template_id}/version/{version}": {
            "get": _operation(
                "Get one version of a template (version 0 means the current one)",
                {
                    "200": _json("Template", "That version"),
                    "404": {
                        "description": "No result found (NoResultFound); a version that is not a number "
                        "matches no route, and gets the routing 404 in its older format (RoutingError)",
                        "content": {
                            "application/json": {"schema": {"oneOf": [_ref("Error"), _ref("RoutingError")]}}
                        },
                    },
                },
                parameters=[
                    _path_uuid("template_id"),
                    {
                        "name": "version",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0},
                        "description": "Digits only; anything else is not found",
                    },
                ],
            )
        },
        "/v2/template/{template_id}/preview": {
            "post": _operation(
                "Fill in a template without sending it",
                {"200": _json("TemplatePreview", "The filled-in template"), **not_found},
                refusals.TEMPLATE_PREVIEW,
                parameters=[_path_uuid("template_id")],
                requestBody={
                    "required": False,
                    "content": {"application/json": {"schema": _ref("TemplatePreviewRequest")}},
                },
            )
        },
        "/v2/templates": {
            "get": _operation(
                "List the service's templates (not archived), by name",
                {"200": _json("TemplateList", "The templates")},
                parameters=[
                    _query("type", {"enum": ["sms", "email", "letter", "broadcast"]}, "Only this type")
                ],
            )
        },
        "/v2/received-text-messages": {
            "get": _operation(
                "List received text messages, newest first, 250 a page",
                {"200": _json("ReceivedTextMessageList", "A page of received texts")},
                parameters=[
                    _query("older_than", {"type": "string", "format": "uuid"}, "Only older than this one")
                ],
            )
        },
    }


@cache
def _document() -> Schema:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "GOV.UK Notify public REST API",
            "version": "2",
            "description": "Send text messages, emails and letters, and read their statuses, templates and "
            "received text messages. Every endpoint but this document needs a JWT signed with an API key.",
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "security": [{"apiKeyJwt": []}],
        "paths": _paths(),
        "components": {
            "schemas": _response_schemas(),
            "securitySchemes": {
                "apiKeyJwt": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "HS256 JWT: iss = service id, iat = now; signed with the key secret",
                }
            },
        },
    }


def openapi_document(server_url: str | None = None) -> Schema:
    """The document; ``server_url`` (e.g. API_HOST_NAME) is listed under ``servers`` when given."""
    document = copy.deepcopy(_document())
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
