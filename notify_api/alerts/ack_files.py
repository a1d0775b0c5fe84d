"""``raise-alert-if-no-letter-ack-file`` (23:00): every zip of letters sent to DVLA today should have had an
acknowledgement file back. The print run records ``{day}/zips_sent/<zip name>.TXT`` in the letters PDF bucket;
DVLA writes ``root/dispatch/<zip name>.ACK.txt`` to its response bucket."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

import redis.asyncio as aioredis

from notify_api.alerts.raising import Alert, raise_alert, record_check
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now

NO_LETTER_ACK_FILE: Final = "raise-alert-if-no-letter-ack-file"
ACK_FOLDER: Final = "root/dispatch"


def _name(key: str, suffix: str) -> str:
    return key.rsplit("/", 1)[-1].upper().removesuffix(suffix)


async def check_letter_ack_files(
    settings: Settings, redis: aioredis.Redis, *, now: datetime | None = None
) -> Alert | None:
    moment = now or utc_now()
    store = ObjectStore(settings)
    sent = await store.list_keys(settings.letters_pdf_bucket, f"{moment:%Y-%m-%d}/zips_sent")
    zips = {_name(item.key, ".ZIP.TXT") for item in sent if item.key.upper().endswith(".TXT")}
    acks = {
        _name(item.key, ".ACK.TXT")
        for item in await store.list_keys(settings.dvla_response_bucket, ACK_FOLDER)
        if item.key.upper().endswith(".ACK.TXT") and item.last_modified >= moment - timedelta(days=1)
    }
    missing = sorted(zips - acks - {""})
    alert = None
    if missing:
        alert = Alert(
            NO_LETTER_ACK_FILE,
            "Letter ack file does not contain all zip files sent.",
            len(missing),
            {
                "missing": missing,
                "pdf_bucket": settings.letters_pdf_bucket,
                "ack_bucket": settings.dvla_response_bucket,
            },
        )
    await record_check(redis, NO_LETTER_ACK_FILE, len(missing))
    if alert is not None:
        await raise_alert(settings, redis, alert)
    return alert
