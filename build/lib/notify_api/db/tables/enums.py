"""The PostgreSQL enum types, one SQLAlchemy ``Enum`` per type, shared by every column that uses it.

Their values come from ``notify_api/enums.py``, the one definition of each value set; the lookup tables'
rows (``lookups.py``) are inserted by the initial migration.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import Enum

from notify_api.enums import (
    INVITE_STATUSES,
    NOTIFICATION_TYPES,
    PERMISSION_TYPES,
    RECIPIENT_TYPES,
    TEMPLATE_TYPES,
    VERIFY_CODE_TYPES,
)

template_type_enum: Final = Enum(*TEMPLATE_TYPES, name="template_type")
notification_type_enum: Final = Enum(*NOTIFICATION_TYPES, name="notification_type")
permission_type_enum: Final = Enum(*PERMISSION_TYPES, name="permission_types")
verify_code_type_enum: Final = Enum(*VERIFY_CODE_TYPES, name="verify_code_types")
recipient_type_enum: Final = Enum(*RECIPIENT_TYPES, name="recipient_type")
invited_user_status_enum: Final = Enum(*INVITE_STATUSES, name="invited_users_status_types")

PG_ENUMS: Final = (
    template_type_enum,
    notification_type_enum,
    permission_type_enum,
    verify_code_type_enum,
    recipient_type_enum,
    invited_user_status_enum,
)
