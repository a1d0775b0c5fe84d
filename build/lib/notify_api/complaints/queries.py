"""SQL for complaints."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import complaints
from notify_api.timeutils import utc_now


async def insert_complaint(
    connection: AsyncConnection,
    *,
    notification_id: uuid.UUID,
    service_id: uuid.UUID,
    ses_feedback_id: str | None,
    complaint_type: str | None,
    complaint_date: datetime | None,
) -> uuid.UUID:
    complaint_id = uuid.uuid4()
    await connection.execute(
        complaints.insert().values(
            id=complaint_id,
            notification_id=notification_id,
            service_id=service_id,
            ses_feedback_id=ses_feedback_id,
            complaint_type=complaint_type,
            complaint_date=complaint_date,
            created_at=utc_now(),
        )
    )
    return complaint_id
