"""AWS SES over aioboto3: ``SendRawEmail`` with a MIME message we build (spec §6).

One client per process, opened on first use and kept (an aiobotocore client holds a connection pool).
``InvalidParameterValue`` is permanent; throttling and anything else (including no answer) is temporary.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any, Final

import aioboto3
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from notify_api.receipts.ses_events import NOTIFICATION_ID_TAG
from notify_api.settings import Settings
from notify_workers.providers.base import PermanentProviderError, TemporaryProviderError

SES: Final = "ses"
PERMANENT_ERROR_CODES: Final = frozenset({"InvalidParameterValue"})
# moto (development, tests) accepts any credentials; real AWS uses the SDK's own chain.
_LOCAL_CREDENTIALS: Final = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def ses_client_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "region_name": settings.aws_region,
        "config": Config(
            connect_timeout=min(10.0, settings.provider_timeout_seconds),
            read_timeout=settings.provider_timeout_seconds,
            retries={"max_attempts": 1},  # our retry policy decides, not the SDK
            max_pool_connections=50,
        ),
    }
    if settings.aws_endpoint_url:
        options["endpoint_url"] = settings.aws_endpoint_url
    if settings.aws_access_key_id:
        options["aws_access_key_id"] = settings.aws_access_key_id
        options["aws_secret_access_key"] = settings.aws_secret_access_key
    elif settings.aws_endpoint_url:
        options.update(_LOCAL_CREDENTIALS)
    return options


class SesClient:
    name: Final = SES

    def __init__(self, settings: Settings) -> None:
        self._options = ses_client_options(settings)
        self._session = aioboto3.Session()
        self._stack = AsyncExitStack()
        self._client: Any = None
        self._opening = asyncio.Lock()

    async def _ses(self) -> Any:
        if self._client is None:
            async with self._opening:
                if self._client is None:
                    self._client = await self._stack.enter_async_context(
                        self._session.client("ses", **self._options)
                    )
        return self._client

    async def send_raw_email(
        self, *, source: str, raw_message: bytes, notification_id: str | None = None
    ) -> str:
        """Send to the message's own To header and return SES's MessageId.

        The notification id goes with it as a message tag, which SES puts in every event about the email:
        a receipt can then find the notification even when the sender died before recording the MessageId.
        """
        ses = await self._ses()
        tags = [{"Name": NOTIFICATION_ID_TAG, "Value": notification_id}] if notification_id else []
        try:
            response = await ses.send_raw_email(Source=source, RawMessage={"Data": raw_message}, Tags=tags)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            message = str(error.response.get("Error", {}).get("Message", code))
            if code in PERMANENT_ERROR_CODES:
                raise PermanentProviderError(SES, f"{code}: {message}", status_code=400) from error
            raise TemporaryProviderError(SES, f"{code}: {message}") from error
        except (TimeoutError, BotoCoreError, OSError) as error:
            raise TemporaryProviderError(SES, f"no answer: {type(error).__name__}") from error
        return str(response["MessageId"])

    async def aclose(self) -> None:
        await self._stack.aclose()
        self._client = None
