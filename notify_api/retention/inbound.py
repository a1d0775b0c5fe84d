"""``delete-inbound-sms``: received texts older than the service's SMS retention (default 7 days, counted
from London midnight) move to ``inbound_sms_history``, which keeps neither their content nor their sender."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from notify_api.db.database import Database
from notify_api.logging import get_logger
from notify_api.retention.notifications import retention_cutoff
from notify_api.retention.queries import move_inbound_batch_to_history, sms_retention_by_service
from notify_api.timeutils import utc_now

log = get_logger(__name__)

BATCH_SIZE: Final = 10_000


async def delete_inbound_sms_older_than_retention(
    database: Database, *, now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> int:
    moment = now or utc_now()
    async with database.read() as connection:
        periods = await sms_retention_by_service(connection)
    moved = 0
    for period in periods:
        cutoff = retention_cutoff(period.days, moment)
        while True:
            async with database.transaction() as connection:
                batch = await move_inbound_batch_to_history(
                    connection, service_id=period.service_id, cutoff=cutoff, limit=batch_size
                )
            moved += batch
            if batch < batch_size:
                break
    log.info("retention.inbound_sms_cleared", count=moved)
    return moved
