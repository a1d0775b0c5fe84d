"""Admin API: ``/user`` (accounts, sign-in checks and codes, the links Notify emails, memberships)."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.db.database import UnitOfWork
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.runtime import Runtime
from notify_api.users import codes, inputs, operations, webauthn
from notify_api.users.messages import NotifyMessages
from notify_api.users.queries import accounts as queries
from notify_api.users.queries import memberships
from notify_api.validation import validate
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

NO_CONTENT = 204


def _messages(runtime: Runtime, work: UnitOfWork) -> NotifyMessages:
    return NotifyMessages(work, runtime.encryption, runtime.tasks, runtime.settings)


def _user_id(request: Request) -> uuid.UUID:
    return path_uuid(request, "user_id")


def _no_content() -> Response:
    return Response(status_code=NO_CONTENT)


async def create_user(request: Request) -> Response:
    new = inputs.new_user(await admin_json_body(request))
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.create_user(work.connection, new)
    return json_response({"data": user.serialize()}, 201)


async def list_users(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        users = await queries.list_users(connection)
    return json_response({"data": [user.serialize() for user in users]})


async def get_user(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        user = await operations.get_user_or_404(connection, _user_id(request))
    return json_response({"data": user.serialize()})


async def update_user(request: Request) -> Response:
    body = await admin_json_body(request)
    updated_by_id = body.pop("updated_by", None)
    changes = inputs.user_changes(body)
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        updated_by = None
        if updated_by_id is not None:
            updated_by = await operations.get_user_or_404(work.connection, _uuid_or_404(updated_by_id))
        updated = await operations.update_user(_messages(runtime, work), user, changes, updated_by)
    return json_response({"data": updated.serialize()})


def _uuid_or_404(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise NotFoundError() from error


async def archive_user(request: Request) -> Response:
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        await operations.archive_user(work.connection, user)
    return _no_content()


async def activate_user(request: Request) -> Response:
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        activated = await operations.activate_user(work.connection, user)
    return json_response({"data": activated.serialize()})


async def reset_failed_login_count(request: Request) -> Response:
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        reset = await operations.reset_failed_login_count(work.connection, user)
    return json_response({"data": reset.serialize()})


async def verify_password(request: Request) -> Response:
    password = (await admin_json_body(request)).get("password")
    if not isinstance(password, str):
        raise InvalidRequest({"password": ["Required field missing data"]}, 400)
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        failure = await operations.verify_password(work.connection, user, password)
    if failure is not None:
        raise failure  # after the commit, so the failed attempt stays counted
    return _no_content()


async def send_sms_code(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, inputs.SEND_SMS_CODE_SCHEMA)
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        await codes.send_sms_code(_messages(runtime, work), user, body.get("to"))
    return _no_content()


async def send_email_code(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, inputs.SEND_EMAIL_CODE_SCHEMA)
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        await codes.send_email_code(
            _messages(runtime, work),
            user,
            next_url=body.get("next"),
            link_host=body.get("email_auth_link_host"),
        )
    return _no_content()


async def verify_code(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, inputs.VERIFY_CODE_SCHEMA)
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        failure = await codes.verify_code(work.connection, user, body["code"], body["code_type"])
    if failure is not None:
        raise failure  # after the commit, so the failed attempt stays counted
    return _no_content()


async def send_change_email_verification(request: Request) -> Response:
    email = inputs.email_field(await admin_json_body(request))
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        await _messages(runtime, work).confirm_new_email(user, email)
    return _no_content()


async def send_new_user_email_verification(request: Request) -> Response:
    base_url = inputs.optional_string(await admin_json_body(request), "admin_base_url")
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        await _messages(runtime, work).verify_new_user_email(user, base_url)
    return _no_content()


async def send_already_registered_email(request: Request) -> Response:
    email = inputs.email_field(await admin_json_body(request))
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        await _messages(runtime, work).already_registered(email)
    return _no_content()


async def send_password_reset(request: Request) -> Response:
    body = await admin_json_body(request)
    email = inputs.email_field(body)
    next_url = inputs.optional_string(body, "next")
    base_url = inputs.optional_string(body, "admin_base_url")
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        user = await operations.get_user_by_email_or_404(work.connection, email)
        await _messages(runtime, work).reset_password(user, email, next_url=next_url, base_url=base_url)
    return _no_content()


async def update_password(request: Request) -> Response:
    password = inputs.new_password(await admin_json_body(request))
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        updated = await operations.update_password(work.connection, user, password)
    return json_response({"data": updated.serialize()})


async def set_permissions(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, inputs.SET_PERMISSIONS_SCHEMA)
    folder_ids = body.get("folder_permissions")
    async with runtime_of(request).database.unit_of_work() as work:
        await operations.get_user_or_404(work.connection, _user_id(request))
        await operations.set_service_permissions(
            work.connection,
            _user_id(request),
            path_uuid(request, "service_id"),
            [item["permission"] for item in body["permissions"]],
            None if folder_ids is None else [uuid.UUID(folder_id) for folder_id in folder_ids],
        )
    return _no_content()


async def fetch_user_by_email(request: Request) -> Response:
    email = inputs.email_field(await admin_json_body(request))
    async with runtime_of(request).database.read() as connection:
        user = await operations.get_user_by_email_or_404(connection, email)
    return json_response({"data": user.serialize()})


async def get_user_by_email(request: Request) -> Response:
    email = request.query_params.get("email")
    if not email:
        raise InvalidRequest("Invalid request. Email query string param required", 400)
    async with runtime_of(request).database.read() as connection:
        user = await operations.get_user_by_email_or_404(connection, email)
    return json_response({"data": user.serialize()})


async def find_users_by_email(request: Request) -> Response:
    fragment = inputs.email_field(await admin_json_body(request), validate=False)
    async with runtime_of(request).database.read() as connection:
        found = await queries.find_users_by_partial_email(connection, fragment)
    return json_response({"data": [user.serialize() for user in found]})


async def organisations_and_services(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        user = await operations.get_user_or_404(connection, _user_id(request))
        result = await memberships.organisations_and_services(connection, user.id)
    return json_response(result.serialize())


_USER = "/user/{user_id:uuid}"

routes: list[BaseRoute] = [
    Route("/user", admin_auth(create_user), methods=["POST"]),
    Route("/user", admin_auth(list_users), methods=["GET"]),
    Route("/user/email", admin_auth(fetch_user_by_email), methods=["POST"]),
    Route("/user/email", admin_auth(get_user_by_email), methods=["GET"]),
    Route("/user/find-users-by-email", admin_auth(find_users_by_email), methods=["POST"]),
    Route("/user/reset-password", admin_auth(send_password_reset), methods=["POST"]),
    Route(_USER, admin_auth(get_user), methods=["GET"]),
    Route(_USER, admin_auth(update_user), methods=["POST"]),
    Route(f"{_USER}/archive", admin_auth(archive_user), methods=["POST"]),
    Route(f"{_USER}/activate", admin_auth(activate_user), methods=["POST"]),
    Route(f"{_USER}/reset-failed-login-count", admin_auth(reset_failed_login_count), methods=["POST"]),
    Route(f"{_USER}/verify/password", admin_auth(verify_password), methods=["POST"]),
    Route(f"{_USER}/sms-code", admin_auth(send_sms_code), methods=["POST"]),
    Route(f"{_USER}/email-code", admin_auth(send_email_code), methods=["POST"]),
    Route(f"{_USER}/verify/code", admin_auth(verify_code), methods=["POST"]),
    Route(f"{_USER}/change-email-verification", admin_auth(send_change_email_verification), methods=["POST"]),
    Route(f"{_USER}/email-verification", admin_auth(send_new_user_email_verification), methods=["POST"]),
    Route(f"{_USER}/email-already-registered", admin_auth(send_already_registered_email), methods=["POST"]),
    Route(f"{_USER}/update-password", admin_auth(update_password), methods=["POST"]),
    Route(f"{_USER}/service/{{service_id:uuid}}/permission", admin_auth(set_permissions), methods=["POST"]),
    Route(f"{_USER}/organisations-and-services", admin_auth(organisations_and_services), methods=["GET"]),
]


# --- security keys (WebAuthn) ---------------------------------------------------------------------------


def _credential_id(request: Request) -> uuid.UUID:
    return path_uuid(request, "credential_id")


async def list_webauthn_credentials(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        user = await operations.get_user_or_404(connection, _user_id(request))
        credentials = await webauthn.list_credentials(connection, user.id)
    return json_response({"data": [credential.serialize() for credential in credentials]})


async def create_webauthn_credential(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, webauthn.CREATE_CREDENTIAL_SCHEMA)
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        credential = await webauthn.create_credential(
            work.connection, user.id, body["name"], body["credential_data"], body["registration_response"]
        )
    return json_response({"data": credential.serialize()}, 201)


async def rename_webauthn_credential(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, webauthn.RENAME_CREDENTIAL_SCHEMA)
    async with runtime_of(request).database.unit_of_work() as work:
        credential = await webauthn.rename_credential(
            work.connection, _user_id(request), _credential_id(request), body["name"]
        )
    return json_response({"data": credential.serialize()})


async def delete_webauthn_credential(request: Request) -> Response:
    async with runtime_of(request).database.unit_of_work() as work:
        await webauthn.delete_credential(work.connection, _user_id(request), _credential_id(request))
    return _no_content()


async def complete_webauthn_login(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, webauthn.LOGIN_ATTEMPT_SCHEMA)
    async with runtime_of(request).database.unit_of_work() as work:
        user = await operations.get_user_or_404(work.connection, _user_id(request))
        await webauthn.record_login_attempt(work.connection, user, body["successful"])
    return _no_content()


_CREDENTIALS = f"{_USER}/webauthn"

routes += [
    Route(_CREDENTIALS, admin_auth(list_webauthn_credentials), methods=["GET"]),
    Route(_CREDENTIALS, admin_auth(create_webauthn_credential), methods=["POST"]),
    Route(f"{_CREDENTIALS}/{{credential_id:uuid}}", admin_auth(rename_webauthn_credential), methods=["POST"]),
    Route(
        f"{_CREDENTIALS}/{{credential_id:uuid}}", admin_auth(delete_webauthn_credential), methods=["DELETE"]
    ),
    Route(f"{_USER}/complete/webauthn-login", admin_auth(complete_webauthn_login), methods=["POST"]),
    Route(f"{_USER}/verify/webauthn-login", admin_auth(complete_webauthn_login), methods=["POST"]),
]
